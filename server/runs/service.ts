/** Runs of the team's masteries: start, read, list, cancel, and the stored event log. */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { RunPurpose } from '@/server/generated/prisma/enums';
import { AppError, InputError, NotFoundError } from '@/server/errors';
import { validateGraph } from '@/server/engine/validate';
import type { RunId } from '@/server/engine/graph';
import { audit } from '@/server/audit';
import { jsonColumn } from '@/server/db/json-column';
import { assertRunMayStart } from '@/server/budgets/enforce';
import type { TeamScope } from '@/server/teams/service';
import { peopleById } from '@/server/teams/people';
import type { RunRuntime } from './runtime';
import { checkRunInput } from './run-input';
import { claimChildRun } from './child-run-limit';
import type { listRunsSchema, runEventsSchema, startRunSchema } from './schemas';

async function ownedRun(db: PrismaClient, team: TeamScope, id: string) {
  const run = await db.run.findFirst({ where: { id, teamId: team.id }, select: { id: true, status: true } });
  if (!run) throw new NotFoundError('Run');
  return run;
}

async function versionToRun(db: PrismaClient, team: TeamScope, masteryId: string, versionId: string | undefined) {
  const mastery = await db.mastery.findFirst({ where: { id: masteryId, teamId: team.id }, select: { id: true, name: true, archivedAt: true, currentVersionId: true } });
  if (!mastery) throw new NotFoundError('Mastery');
  if (mastery.archivedAt) throw new InputError(`"${mastery.name}" is archived; restore it before running it`, undefined, 'CONFLICT');
  const id = versionId ?? mastery.currentVersionId;
  const version = id ? await db.masteryVersion.findFirst({ where: { id, masteryId: mastery.id }, select: { id: true, number: true, graph: true } }) : null;
  if (!version) throw new NotFoundError('Version');
  return { mastery, version };
}

/** A child run's link to the step that started it (`mastery` and `map` nodes), and to the top-level run above it. */
export interface RunParent {
  parentRunId: string;
  parentStep: string;
  depth: number;
  rootRunId: string;
}

/** `userId` null: nobody started it directly (a child run of a run whose starter is gone); no audit row then. */
export async function startRun(
  db: PrismaClient,
  runtime: RunRuntime,
  team: TeamScope,
  userId: string | null,
  input: z.output<typeof startRunSchema>,
  parent?: RunParent,
  purpose: RunPurpose = 'PRODUCTION',
) {
  const { mastery, version } = await versionToRun(db, team, input.masteryId, input.versionId);
  const checked = validateGraph(version.graph, runtime.registry);
  if (!checked.isValid) {
    const errors = checked.problems.filter((p) => p.severity === 'error');
    throw new AppError('GRAPH_INVALID', `Version ${version.number} of "${mastery.name}" cannot run: ${errors.map((p) => p.message).join('; ')}`, {
      issues: errors.map((p) => ({ path: [p.nodeId ?? p.edgeId ?? 'graph', p.field].filter(Boolean).join('.'), message: p.message })),
    });
  }
  const runInput = await checkRunInput(checked.graph.settings.inputSchema, input.input);
  const run = await db.$transaction(async (tx) => {
    await assertRunMayStart(tx, { teamId: team.id, masteryId: mastery.id }, new Date());
    if (parent !== undefined) await claimChildRun(tx, parent.rootRunId);
    const created = await tx.run.create({
      data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: jsonColumn(runInput), startedById: userId, lastSeq: 1, purpose, ...parent },
    });
    await tx.runEvent.create({ data: { runId: created.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' }, createdAt: created.createdAt } });
    const data = { masteryId: mastery.id, version: version.number, ...(parent === undefined ? {} : { parentRunId: parent.parentRunId, parentStep: parent.parentStep }) };
    if (userId !== null) await audit(tx, { teamId: team.id, actorId: userId, action: 'run.start', targetType: 'Run', targetId: created.id, data });
    return created;
  });
  await runtime.engine.start(run.id as RunId);
  return { id: run.id, versionNumber: version.number };
}

export async function getRun(db: PrismaClient, team: TeamScope, id: string) {
  const run = await db.run.findFirst({
    where: { id, teamId: team.id },
    include: {
      mastery: { select: { id: true, name: true } },
      version: { select: { id: true, number: true } },
      steps: { orderBy: { nodeId: 'asc' } },
      attempts: { orderBy: [{ nodeId: 'asc' }, { attempt: 'asc' }] },
    },
  });
  if (!run) throw new NotFoundError('Run');
  return run;
}

export async function listRuns(db: PrismaClient, team: TeamScope, input: z.output<typeof listRunsSchema>) {
  const rows = await db.run.findMany({
    where: {
      teamId: team.id,
      // Replays of proposals (EVALUATION) show in their proposal's evidence, not among the runs.
      purpose: 'PRODUCTION',
      masteryId: input.masteryId,
      versionId: input.versionId,
      status: input.status,
      startedById: input.startedById,
      ...(input.isTopLevelOnly ? { parentRunId: null } : {}),
      ...(input.from || input.to ? { createdAt: { gte: dayStart(input.from, 0), lt: dayStart(input.to, 1) } } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true, status: true, createdAt: true, startedAt: true, finishedAt: true, error: true,
      tokensIn: true, tokensOut: true, costUsd: true, input: true, startedById: true, parentRunId: true,
      mastery: { select: { id: true, name: true } },
      version: { select: { id: true, number: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const people = await peopleById(db, page.map((run) => run.startedById));
  const items = page.map(({ startedById, input: runInput, ...run }) => ({
    ...run,
    startedBy: startedById === null ? null : (people.get(startedById) ?? null),
    inputPreview: previewOf(runInput),
  }));
  return { items, nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function cancelRun(db: PrismaClient, runtime: RunRuntime, team: TeamScope, userId: string, id: string) {
  await ownedRun(db, team, id);
  await runtime.engine.cancel(id as RunId, 'cancelled by a person');
  await audit(db, { teamId: team.id, actorId: userId, action: 'run.cancel', targetType: 'Run', targetId: id });
  return db.run.findUniqueOrThrow({ where: { id }, select: { id: true, status: true } });
}

export async function listRunEvents(db: PrismaClient, team: TeamScope, input: z.output<typeof runEventsSchema>) {
  await ownedRun(db, team, input.runId);
  const events = await db.runEvent.findMany({
    where: { runId: input.runId, seq: { gt: input.afterSeq } },
    orderBy: { seq: 'asc' },
    take: input.limit,
    select: { seq: true, type: true, payload: true, createdAt: true },
  });
  return { events, lastSeq: events.at(-1)?.seq ?? input.afterSeq };
}

/** Midnight UTC of a `YYYY-MM-DD` day plus `days`; undefined leaves that side of the range open. */
function dayStart(day: string | undefined, days: number): Date | undefined {
  if (day === undefined) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date;
}

const INPUT_PREVIEW_CHARS = 160;

/** A run's input as one line of JSON, cut short: lists show what a run was given without its bulk. */
function previewOf(input: unknown): string {
  const text = JSON.stringify(input) ?? '';
  return text.length <= INPUT_PREVIEW_CHARS ? text : `${text.slice(0, INPUT_PREVIEW_CHARS - 1)}…`;
}
