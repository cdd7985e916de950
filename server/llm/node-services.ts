/**
 * The `llm` node type's services over the database: the chat model (when a provider is configured)
 * and the team's agents. Spread into `createNodeServices` (server/runs/node-services.ts); tests build
 * it with a provider pointing at the local mock server instead of the environment's.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { AgentLookup, LlmPort } from '@/server/engine/llm-port';
import { env } from '@/server/env';
import { prismaAgentLookup } from '@/server/agents/lookup';
import { withBudgetGuard } from '@/server/budgets/guard';
import { createOpenAiClient, providerFromEnv, type LlmProvider } from './provider';
import { prismaPriceLookup } from './prices';
import { createLlmService } from './service';

export interface LlmServices {
  llm?: LlmPort;
  agents: AgentLookup;
}

/** `provider` undefined: none configured, and `llm` steps fail with LLM_NOT_CONFIGURED. */
export function createLlmServices(db: PrismaClient, provider: LlmProvider | undefined = providerFromEnv(env)): LlmServices {
  const agents = prismaAgentLookup(db);
  if (provider === undefined) return { agents };
  return { agents, llm: withBudgetGuard(db, createLlmService({ client: createOpenAiClient(provider), priceOf: prismaPriceLookup(db) })) };
}
