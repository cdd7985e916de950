/** What the evolver needs from the process: the run runtime, and a model when one is configured. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { LlmPort } from '@/server/engine/llm-port';
import { env } from '@/server/env';
import { withBudgetGuard } from '@/server/budgets/guard';
import { createOpenAiClient, providerFromEnv, type LlmProvider } from '@/server/llm/provider';
import { prismaPriceLookup } from '@/server/llm/prices';
import { createLlmService } from '@/server/llm/service';
import type { RunRuntime } from '@/server/runs/runtime';
import { DEFAULT_REPLAY, type ReplayOptions } from './evidence';

/** The model the evolver asks for patches; any OpenAI-compatible server may map it to its own. */
export const EVOLVER_MODEL = 'gpt-4o-mini';

export interface EvolverDeps {
  runtime: RunRuntime;
  llm?: LlmPort;
  model: string;
  replay: ReplayOptions;
}

/**
 * The model goes through the budget guard with the failed run's id, so the team's and the mastery's
 * budgets are checked before the evolver spends anything.
 */
export function evolverDeps(db: PrismaClient, runtime: RunRuntime, provider: LlmProvider | undefined = providerFromEnv(env), replay: ReplayOptions = DEFAULT_REPLAY): EvolverDeps {
  const llm = provider === undefined ? undefined : withBudgetGuard(db, createLlmService({ client: createOpenAiClient(provider), priceOf: prismaPriceLookup(db) }));
  return { runtime, model: EVOLVER_MODEL, replay, ...(llm === undefined ? {} : { llm }) };
}
