/** Runs over a real test database whose `llm` steps talk over HTTP to a mock OpenAI-compatible server. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { RunId } from '@/server/engine/graph';
import { createLlmServices } from '@/server/llm/node-services';
import type { LlmProvider } from '@/server/llm/provider';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';

/** `provider` undefined: no LLM configured, as when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. */
export function llmRuntime(db: PrismaClient, provider: LlmProvider | undefined): RunRuntime {
  return createRunRuntime(db, { services: { ...createLlmServices(db, provider) } });
}

export async function makeLlmTeam(db: PrismaClient, name: string) {
  const team = await makeTeam(db, name);
  const agent = await team.as('EDITOR').agents.create({
    name: 'Analyst',
    systemPrompt: 'You are a precise analyst.',
    model: 'gpt-4o-mini',
    temperature: 0.2,
  });
  return { team, agent };
}

/** Starts a run of `graph` as the team's editor on `runtime` and waits for its end. */
export async function runGraph(db: PrismaClient, runtime: RunRuntime, team: Awaited<ReturnType<typeof makeTeam>>, graph: unknown, input: Record<string, unknown> = {}) {
  const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
  const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  const { id } = await editor.runs.start({ masteryId, input });
  return { id, editor, untilAtRest: () => runtime.engine.untilAtRest(id as RunId), get: () => editor.runs.get({ id }) };
}
