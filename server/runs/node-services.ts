/**
 * The real node services (see server/engine/node-services.ts), over the database. Node types with side
 * effects reach secrets, the network policy and the LLM only through these ports.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { NodeServices } from '@/server/engine/node-services';
import { NotFoundError } from '@/server/errors';
// ---- llm
import { createLlmServices } from '@/server/llm/node-services';
// ---- end llm
// ---- http / secrets
import { readSecretValues } from '@/server/secrets/service';
// ---- end http / secrets

export function createNodeServices(db: PrismaClient): NodeServices {
  return {
    // ---- llm: the chat model from OPENAI_API_KEY / OPENAI_BASE_URL, and the team's agents
    ...createLlmServices(db),
    // ---- end llm
    // ---- http / secrets
    secrets: { resolve: async (runId, names) => readSecretValues(db, await teamOfRun(db, runId), names) },
    network: {
      allowsPrivateNetwork: async (runId) => {
        const run = await db.run.findUnique({ where: { id: runId }, select: { team: { select: { allowPrivateNetwork: true } } } });
        if (run === null) throw new NotFoundError('Run');
        return run.team.allowPrivateNetwork;
      },
    },
    // ---- end http / secrets
  };
}

// ---- http / secrets
async function teamOfRun(db: PrismaClient, runId: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true } });
  if (run === null) throw new NotFoundError('Run');
  return run.teamId;
}
// ---- end http / secrets
