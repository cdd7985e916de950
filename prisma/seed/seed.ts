/**
 * Demo data, seeded once and idempotently: running it again changes nothing that exists and adds only
 * what is missing (so a person's edits to the demo survive restarts).
 */
import type { PrismaClient, Prisma } from '@/server/generated/prisma/client';
import { hashPassword } from '@/server/auth/password';
import { apiReportGraph, flakyImportGraph, researchAndCritiqueGraph } from './demo-graphs';

export const DEMO = {
  teamId: 'demo-team',
  teamName: 'Demo team',
  owner: { email: 'demo@mastery.studio', password: 'demo-owner-pass', name: 'Demo Owner' },
  viewer: { email: 'viewer@mastery.studio', password: 'demo-viewer-pass', name: 'Demo Viewer' },
} as const;

async function ensureUser(db: PrismaClient, u: { email: string; password: string; name: string }) {
  const existing = await db.user.findUnique({ where: { email: u.email } });
  if (existing) return existing;
  return db.user.create({ data: { email: u.email, name: u.name, passwordHash: await hashPassword(u.password) } });
}

async function ensureAgent(db: PrismaClient, teamId: string, data: Omit<Prisma.AgentUncheckedCreateInput, 'teamId'>) {
  const existing = await db.agent.findUnique({ where: { teamId_name: { teamId, name: data.name } } });
  if (existing) return existing;
  const agent = await db.agent.create({ data: { ...data, teamId } });
  const { id: _id, createdAt: _c, updatedAt: _u, ...snapshot } = agent;
  await db.agentVersion.create({ data: { agentId: agent.id, version: 1, snapshot: snapshot as Prisma.InputJsonValue } });
  return agent;
}

async function ensureMastery(db: PrismaClient, teamId: string, authorId: string, name: string, description: string, graph: Prisma.InputJsonValue) {
  const existing = await db.mastery.findFirst({ where: { teamId, name } });
  if (existing) return { mastery: existing, created: false };
  const mastery = await db.$transaction(async (tx) => {
    const m = await tx.mastery.create({ data: { teamId, name, description } });
    const v = await tx.masteryVersion.create({
      data: { masteryId: m.id, number: 1, graph, source: 'USER', status: 'PUBLISHED', authorId, note: 'Demo' },
    });
    return tx.mastery.update({ where: { id: m.id }, data: { currentVersionId: v.id } });
  });
  return { mastery, created: true };
}

export interface SeedResult {
  created: string[];
}

export async function seedDemo(db: PrismaClient, opts: { baseUrl: string }): Promise<SeedResult> {
  const created: string[] = [];
  const owner = await ensureUser(db, DEMO.owner);
  const viewer = await ensureUser(db, DEMO.viewer);
  const team = await db.team.upsert({
    where: { id: DEMO.teamId },
    update: {},
    create: { id: DEMO.teamId, name: DEMO.teamName },
  });
  for (const [user, role] of [[owner, 'OWNER'], [viewer, 'VIEWER']] as const) {
    await db.membership.upsert({
      where: { teamId_userId: { teamId: team.id, userId: user.id } },
      update: {},
      create: { teamId: team.id, userId: user.id, role },
    });
  }
  const researcher = await ensureAgent(db, team.id, {
    name: 'Researcher',
    specialty: 'Finds and summarises facts with sources',
    capabilities: ['research', 'summarise', 'cite'],
    systemPrompt: 'You are a careful researcher. State facts plainly and name a source for each.',
    model: 'gpt-4o-mini',
    temperature: 0.3,
    traits: { verbosity: 'concise', rigor: 'high' },
  });
  const critic = await ensureAgent(db, team.id, {
    name: 'Critic',
    specialty: 'Finds weaknesses, objections and misconceptions',
    capabilities: ['critique', 'review'],
    systemPrompt: 'You are a sharp but fair critic. Point out what is weak, missing or commonly misunderstood.',
    model: 'gpt-4o-mini',
    temperature: 0.7,
    traits: { verbosity: 'concise', skepticism: 'high' },
  });
  const masteries: [string, string, Prisma.InputJsonValue][] = [
    ['API report', 'Fetches sales figures from the demo API, summarises them and writes a short report.', apiReportGraph(opts.baseUrl)],
    ['Research and critique', 'A researcher and a critic work in parallel; a synthesiser writes a balanced brief.', researchAndCritiqueGraph({ researcher: researcher.id, critic: critic.id })],
    ['Flaky import', 'Imports a batch from an endpoint that fails or is slow some of the time.', flakyImportGraph(opts.baseUrl)],
  ];
  for (const [name, description, graph] of masteries) {
    if ((await ensureMastery(db, team.id, owner.id, name, description, graph)).created) created.push(`mastery "${name}"`);
  }
  return { created };
}
