/**
 * A team on a real test database whose runs reach the local fixture server and the local OpenAI-compatible
 * test server, with the evolver wired to the same runtime. Shared by the evolver's tests and its bench.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { createLlmServices } from '@/server/llm/node-services';
import { createNodeServices } from '@/server/runs/node-services';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { evolverDeps, type EvolverDeps } from '../deps';
import type { ReplayOptions } from '../evidence';
import { untilRunEnds } from '../run-end';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export interface EvolutionBench {
  db: PrismaClient;
  runtime: RunRuntime;
  deps: EvolverDeps;
  http: FixtureServer;
  llm: MockOpenAiServer;
  close(): Promise<void>;
}

export async function startEvolutionBench(db: PrismaClient, replay: ReplayOptions = { timeoutMs: 30_000 }): Promise<EvolutionBench> {
  const [http, llm] = await Promise.all([startFixtureServer(), startMockOpenAi()]);
  const provider = { apiKey: 'test-key', baseURL: llm.url };
  const runtime = createRunRuntime(db, { services: { ...createNodeServices(db, { privateNetwork: { kind: 'all' } }), ...createLlmServices(db, provider) } });
  return {
    db,
    runtime,
    deps: evolverDeps(db, runtime, provider, replay),
    http,
    llm,
    close: async () => {
      await Promise.all([http.close(), llm.close()]);
    },
  };
}

/** A team whose http steps may call the local fixture server, with callers on the bench's runtime. */
export async function makeEvolutionTeam(bench: EvolutionBench, name = 'Evolver') {
  const team = await makeTeam(bench.db, name);
  await bench.db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: true } });
  const as = (role: 'OWNER' | 'EDITOR' | 'APPROVER' | 'VIEWER') => callerFor(bench.db, { user: team.members[role], activeTeamId: team.id, runtime: bench.runtime });
  return { ...team, as, scope: { id: team.id, role: 'EDITOR' as const } };
}

export type EvolutionTeam = Awaited<ReturnType<typeof makeEvolutionTeam>>;

/** A mastery holding `graph`, with automatic proposals off unless asked for (tests propose themselves). */
export async function makeBrokenMastery(bench: EvolutionBench, team: EvolutionTeam, graph: unknown, options: { isAuto?: boolean } = {}) {
  const made = await makeMasteryWithGraph(bench.db, team.id, graph, 'Broken');
  await bench.db.mastery.update({ where: { id: made.masteryId }, data: { evolverMode: options.isAuto === true ? 'PROPOSE' : 'OFF' } });
  return made;
}

/** Runs the mastery's current version as the team's editor and waits for its end. */
export async function runToEnd(bench: EvolutionBench, team: EvolutionTeam, masteryId: string, input: Record<string, unknown> = {}) {
  const { id } = await team.as('EDITOR').runs.start({ masteryId, input });
  const { run } = await untilRunEnds(bench.db, team.scope, id, 30_000);
  return run;
}
