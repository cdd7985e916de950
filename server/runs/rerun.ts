/**
 * Runs started again from an earlier run of the team: with the same input on the same version, or from the
 * failed step (rerun-plan.ts decides which steps are kept). Either way the new run is an ordinary start:
 * the editor role, budgets and concurrency limits apply, and it records the run it re-ran.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { graphSchema } from '@/server/engine/graph';
import { InputError, NotFoundError } from '@/server/errors';
import { proposeIfFailed } from '@/server/evolution/auto-propose';
import type { EvolverDeps } from '@/server/evolution/deps';
import type { TeamScope } from '@/server/teams/service';
import type { RunRuntime } from './runtime';
import { keptSteps } from './rerun-plan';
import { startRunSchema, type rerunSchema } from './schemas';
import { startRun, type RerunSeed } from './service';

const RERUNNABLE_FROM_STEP = new Set(['FAILED', 'CANCELLED']);

/** How runs are named to people: `#` and the last 8 characters of the id, as the run panel shows them. */
export const runLabel = (id: string) => `run #${id.slice(-8)}`;

async function planOf(db: PrismaClient, old: OldRun, input: z.output<typeof rerunSchema>): Promise<{ versionId: string; seed: RerunSeed }> {
  if (input.mode === 'SAME_INPUT') return { versionId: old.versionId, seed: { rerunOfId: old.id, mode: 'SAME_INPUT', keptSteps: [] } };
  if (!RERUNNABLE_FROM_STEP.has(old.status)) {
    throw new InputError(`${runLabel(old.id)} is ${old.status.toLowerCase()}: only a failed or cancelled run re-runs from its failed step`, undefined, 'CONFLICT');
  }
  const versionId = input.versionId ?? old.versionId;
  const target = versionId === old.versionId ? old.version : await db.masteryVersion.findFirst({ where: { id: versionId, masteryId: old.masteryId }, select: { number: true, graph: true } });
  if (target === null) throw new NotFoundError('Version');
  const before = graphSchema.safeParse(old.version.graph);
  const after = graphSchema.safeParse(target.graph);
  // A graph that does not parse is refused by startRun with every problem listed; an old one that does
  // not parse any more keeps nothing.
  const kept = before.success && after.success ? keptSteps(before.data, old.steps, { graph: after.data, versionNumber: target.number, runLabel: runLabel(old.id) }) : [];
  return { versionId, seed: { rerunOfId: old.id, mode: 'FROM_FAILED_STEP', keptSteps: kept } };
}

type OldRun = NonNullable<Awaited<ReturnType<typeof findOldRun>>>;

function findOldRun(db: PrismaClient, team: TeamScope, id: string) {
  return db.run.findFirst({
    where: { id, teamId: team.id },
    select: {
      id: true, status: true, masteryId: true, versionId: true, input: true,
      version: { select: { number: true, graph: true } },
      steps: { select: { nodeId: true, status: true, input: true, output: true, handles: true } },
    },
  });
}

export async function rerunRun(db: PrismaClient, runtime: RunRuntime, team: TeamScope, userId: string, input: z.output<typeof rerunSchema>) {
  const old = await findOldRun(db, team, input.runId);
  if (old === null) throw new NotFoundError('Run');
  const { versionId, seed } = await planOf(db, old, input);
  const start = startRunSchema.parse({ masteryId: old.masteryId, versionId, input: old.input });
  const started = await startRun(db, runtime, team, userId, start, undefined, 'PRODUCTION', seed);
  return { ...started, masteryId: old.masteryId, keptSteps: seed.keptSteps.map((step) => step.nodeId) };
}

/** As `runs.start` does: a re-run that fails is handed to the evolver once it has ended. */
export async function rerunWatched(db: PrismaClient, runtime: RunRuntime, deps: () => EvolverDeps, team: TeamScope, userId: string, input: z.output<typeof rerunSchema>) {
  const started = await rerunRun(db, runtime, team, userId, input);
  proposeIfFailed(db, deps(), team, started.id, started.masteryId).catch((error: unknown) => {
    console.error(`The evolver could not propose a fix for run ${started.id}:`, error);
  });
  return started;
}
