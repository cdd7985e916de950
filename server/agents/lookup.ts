/** The AgentLookup port for `llm` steps: the current version of a live agent of the run's team. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { AgentLookup, AgentProfile } from '@/server/engine/llm-port';

export function prismaAgentLookup(db: PrismaClient): AgentLookup {
  return {
    async get(runId, agentId): Promise<AgentProfile | undefined> {
      // Scoped through the run: a graph cannot name another team's agent and borrow its prompt.
      const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true } });
      if (!run) return undefined;
      const agent = await db.agent.findFirst({ where: { id: agentId, teamId: run.teamId, archivedAt: null } });
      if (!agent) return undefined;
      return {
        id: agent.id,
        version: agent.version,
        name: agent.name,
        model: agent.model,
        systemPrompt: agent.systemPrompt,
        temperature: agent.temperature,
        ...(agent.topP === null ? {} : { topP: agent.topP }),
        ...(agent.maxTokens === null ? {} : { maxTokens: agent.maxTokens }),
      };
    },
  };
}
