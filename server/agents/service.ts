/**
 * The team's agents: reusable LLM profiles. Every change is kept: the Agent row holds the
 * current traits and its `version`; an AgentVersion row holds the snapshot of each version, so a step
 * run that recorded `agentVersion` can be traced to the exact traits it used.
 */
import type { z } from 'zod';
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';
import { InputError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import type { TeamScope } from '@/server/teams/service';
import type { agentFieldsSchema, createAgentSchema, listAgentsSchema, updateAgentSchema } from './schemas';

type Tx = Prisma.TransactionClient;
type AgentFields = z.output<typeof agentFieldsSchema>;

const agentSelect = {
  id: true,
  name: true,
  specialty: true,
  capabilities: true,
  systemPrompt: true,
  model: true,
  temperature: true,
  topP: true,
  maxTokens: true,
  traits: true,
  version: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.AgentSelect;

type AgentRow = Prisma.AgentGetPayload<{ select: typeof agentSelect }>;

function snapshotOf(agent: AgentRow): Prisma.InputJsonValue {
  const { name, specialty, capabilities, systemPrompt, model, temperature, topP, maxTokens, traits, archivedAt } = agent;
  return { name, specialty, capabilities, systemPrompt, model, temperature, topP, maxTokens, traits: traits ?? {}, archived: archivedAt !== null } as Prisma.InputJsonValue;
}

async function recordVersion(tx: Tx, agent: AgentRow, authorId: string): Promise<void> {
  await tx.agentVersion.create({ data: { agentId: agent.id, version: agent.version, snapshot: snapshotOf(agent), authorId } });
}

async function assertNameFree(db: PrismaClient | Tx, teamId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await db.agent.findFirst({
    where: { teamId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new InputError(`An agent named "${name}" already exists in this team`, [{ path: 'name', message: 'Name already in use' }], 'CONFLICT');
}

export async function listAgents(db: PrismaClient, team: TeamScope, input: z.output<typeof listAgentsSchema>) {
  return db.agent.findMany({
    where: { teamId: team.id, ...(input.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: 'asc' },
    select: agentSelect,
  });
}

export async function getAgent(db: PrismaClient, team: TeamScope, id: string) {
  const agent = await db.agent.findFirst({
    where: { id, teamId: team.id },
    select: { ...agentSelect, versions: { orderBy: { version: 'desc' }, select: { version: true, snapshot: true, authorId: true, createdAt: true } } },
  });
  if (!agent) throw new NotFoundError('Agent');
  return agent;
}

export async function createAgent(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof createAgentSchema>) {
  await assertNameFree(db, team.id, input.name);
  return db.$transaction(async (tx) => {
    const data = { ...input, traits: input.traits as Prisma.InputJsonValue, teamId: team.id, version: 1 };
    const agent = await tx.agent.create({ data, select: agentSelect });
    await recordVersion(tx, agent, actorId);
    await audit(tx, { teamId: team.id, actorId, action: 'agent.create', targetType: 'Agent', targetId: agent.id, data: { name: agent.name } });
    return agent;
  });
}

function toData(fields: Partial<AgentFields>): Prisma.AgentUpdateManyMutationInput {
  const { traits, ...rest } = fields;
  return { ...rest, ...(traits === undefined ? {} : { traits: traits as Prisma.InputJsonValue }) };
}

/** Applies a change as a new version; the version bump is conditional, so two concurrent edits cannot share a number. */
async function changeAgent(db: PrismaClient, team: TeamScope, actorId: string, id: string, data: Prisma.AgentUpdateManyMutationInput, action: string) {
  return db.$transaction(async (tx) => {
    const current = await tx.agent.findFirst({ where: { id, teamId: team.id }, select: { version: true } });
    if (!current) throw new NotFoundError('Agent');
    const { count } = await tx.agent.updateMany({ where: { id, teamId: team.id, version: current.version }, data: { ...data, version: current.version + 1 } });
    if (count === 0) throw new InputError('The agent was changed by someone else meanwhile; reload and try again', [], 'CONFLICT');
    const agent = await tx.agent.findUniqueOrThrow({ where: { id }, select: agentSelect });
    await recordVersion(tx, agent, actorId);
    await audit(tx, { teamId: team.id, actorId, action, targetType: 'Agent', targetId: id, data: { version: agent.version } });
    return agent;
  });
}

export async function updateAgent(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof updateAgentSchema>) {
  await getAgent(db, team, input.id);
  if (input.changes.name !== undefined) await assertNameFree(db, team.id, input.changes.name, input.id);
  return changeAgent(db, team, actorId, input.id, toData(input.changes), 'agent.update');
}

/** Archived agents stay (runs and versions point at them) but cannot be used by new steps. */
export async function archiveAgent(db: PrismaClient, team: TeamScope, actorId: string, id: string) {
  const agent = await getAgent(db, team, id);
  if (agent.archivedAt !== null) return agent;
  return changeAgent(db, team, actorId, id, { archivedAt: new Date() }, 'agent.archive');
}

/** Brings an archived agent back into use, as a new version (its name stayed reserved meanwhile). */
export async function restoreAgent(db: PrismaClient, team: TeamScope, actorId: string, id: string) {
  const agent = await getAgent(db, team, id);
  if (agent.archivedAt === null) return agent;
  return changeAgent(db, team, actorId, id, { archivedAt: null }, 'agent.restore');
}
