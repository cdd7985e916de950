/**
 * The real node services (see server/engine/node-services.ts), over the database. Node types with side
 * effects reach secrets, the network policy and the LLM only through these ports.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { NodeServices, PrivateNetworkAccess } from '@/server/engine/node-services';
import { NotFoundError } from '@/server/errors';
import { appBaseUrl } from '@/server/app-url';
import { env } from '@/server/env';
import type { PrivateNetworkSetting } from '@/server/net/private-network-setting';
// ---- llm
import { createLlmServices } from '@/server/llm/node-services';
// ---- end llm
// ---- http / secrets
import { readSecretValues } from '@/server/secrets/service';
// ---- end http / secrets

export interface NodeServicesOptions {
  /** The installation's ALLOW_PRIVATE_NETWORK; tests give their own. */
  privateNetwork?: PrivateNetworkSetting;
  /** The app's own URL, whose demo endpoints are always reached; tests give their stand-in server's. */
  appBaseUrl?: string;
}

export function createNodeServices(db: PrismaClient, options: NodeServicesOptions = {}): NodeServices {
  const installation = options.privateNetwork ?? env.ALLOW_PRIVATE_NETWORK;
  return {
    // ---- llm: the chat model from OPENAI_API_KEY / OPENAI_BASE_URL, and the team's agents
    ...createLlmServices(db),
    // ---- end llm
    // ---- http / secrets
    secrets: { resolve: async (runId, names) => readSecretValues(db, await teamOfRun(db, runId), names) },
    network: {
      privateNetwork: async (runId) => {
        const run = await db.run.findUnique({ where: { id: runId }, select: { team: { select: { allowPrivateNetwork: true } } } });
        if (run === null) throw new NotFoundError('Run');
        return privateNetworkAccess(installation, run.team.allowPrivateNetwork);
      },
      appOrigin: new URL(options.appBaseUrl ?? appBaseUrl()).origin,
    },
    // ---- end http / secrets
  };
}

// ---- http / secrets
/** The installation's setting, narrowed by the team's switch: a team can only close what it allows. */
export function privateNetworkAccess(installation: PrivateNetworkSetting, teamAllows: boolean): PrivateNetworkAccess {
  if (installation.kind === 'none') return { addresses: 'none', closedBy: 'installation' };
  if (!teamAllows) return { addresses: 'none', closedBy: 'team' };
  return installation.kind === 'all' ? { addresses: 'all' } : { addresses: 'ranges', ranges: installation.ranges };
}

async function teamOfRun(db: PrismaClient, runId: string): Promise<string> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true } });
  if (run === null) throw new NotFoundError('Run');
  return run.teamId;
}
// ---- end http / secrets
