/** Runs of the team's masteries: start, read, list, cancel, and the stored event log. */
import type { z } from 'zod';
import { Prisma, type PrismaClient } from '@/server/generated/prisma/client';
import type { RerunMode, RunPurpose } from '@/server/generated/prisma/enums';
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
import { MAX_OUTPUTS_RESPONSE_BYTES, cappedOwnOutput, cappedRunOutputs } from './output-cap';
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

/**
 * A run started again from another (rerun.ts): which one, how, and the steps it keeps, written SUCCEEDED
 * and marked reused before the engine takes the run up, so that it resumes after them.
 */
export interface RerunSeed {
  rerunOfId: string;
  mode: RerunMode;
  keptSteps: ReadonlyArray<{ nodeId: string; input: unknown; output: unknown; handles: string[] }>;
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
  rerun?: RerunSeed,
) {
  const { mastery, version } = await versionToRun(db, team, input.masteryId, input.versionId);
  const checked = validateGraph(version.graph, runtime.registry);
  if (!checked.isValid) {
    const errors = checked.problems.filter((p) => p.severity === 'error');
    throw new AppError('GRAPH_INVALID', `Version ${version.number} of "${mastery.name}" cannot run: ${errors.map((p) => p.message).join('; ')}`, {
      issues: errors.map((p) => ({ path: [p.nodeId ?? p.edgeId ?? 'graph', p.field].filter(Boolean).join('.'), message: p.message })),
    });
  }
  const runInput = await checkRunInput(checked.graph.settings.inputSchema, input.input, team.id);
  const run = await db.$transaction(async (tx) => {
    await assertRunMayStart(tx, { teamId: team.id, masteryId: mastery.id }, new Date());
    if (parent !== undefined) await claimChildRun(tx, parent.rootRunId);
    const rerunOf = rerun === undefined ? {} : { rerunOfId: rerun.rerunOfId, rerunMode: rerun.mode };
    const created = await tx.run.create({
      data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: jsonColumn(runInput), startedById: userId, lastSeq: 1, purpose, ...parent, ...rerunOf },
    });
    await tx.runEvent.create({ data: { runId: created.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' }, createdAt: created.createdAt } });
    if (rerun !== undefined && rerun.keptSteps.length > 0) await writeKeptSteps(tx, created, rerun.keptSteps);
    const data = { masteryId: mastery.id, version: version.number, ...(parent === undefined ? {} : { parentRunId: parent.parentRunId, parentStep: parent.parentStep }), ...rerunOf };
    if (userId !== null) await audit(tx, { teamId: team.id, actorId: userId, action: 'run.start', targetType: 'Run', targetId: created.id, data });
    return created;
    // Starts under a budget queue on its row lock; a burst of them (many processes) waits its turn for a connection.
  }, { maxWait: 15_000 });
  await runtime.engine.start(run.id as RunId);
  return { id: run.id, versionNumber: version.number };
}

/** Kept steps cost nothing in the new run: no usage, no attempts (metrics count attempts), no time of their own. */
async function writeKeptSteps(tx: Prisma.TransactionClient, run: { id: string; createdAt: Date }, steps: RerunSeed['keptSteps']) {
  await tx.runStep.createMany({
    data: steps.map((step) => ({
      runId: run.id,
      nodeId: step.nodeId,
      status: 'SUCCEEDED' as const,
      isReused: true,
      input: step.input === null ? Prisma.DbNull : jsonColumn(step.input),
      // A step may succeed with null: it is kept as JSON null, as the engine stores it.
      output: step.output === null ? Prisma.JsonNull : jsonColumn(step.output),
      handles: step.handles,
      startedAt: run.createdAt,
      finishedAt: run.createdAt,
    })),
  });
}

/** The runs started again from a run, newest first, as the run panel links them; the one it re-ran is `rerunOfId`. */
export const RERUNS_SHOWN = {
  select: { id: true, rerunMode: true, status: true, createdAt: true },
  orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  take: 10,
} satisfies Prisma.Run$rerunsArgs;

/**
 * The run with every step and attempt. Outputs come along up to `cap` bytes in all (the run's own first,
 * then its steps', then its attempts', by node id); the others as an OmittedOutput naming their size
 * (output-cap.ts). The run panel reads `runs.view` and `runs.step` instead.
 */
export async function getRun(db: PrismaClient, team: TeamScope, id: string, cap: number = MAX_OUTPUTS_RESPONSE_BYTES) {
  const run = await db.run.findFirst({
    where: { id, teamId: team.id },
    omit: { output: true },
    include: {
      mastery: { select: { id: true, name: true } },
      version: { select: { id: true, number: true } },
      steps: { orderBy: { nodeId: 'asc' }, omit: { output: true } },
      attempts: { orderBy: [{ nodeId: 'asc' }, { attempt: 'asc' }], omit: { output: true } },
      reruns: RERUNS_SHOWN,
    },
  });
  if (!run) throw new NotFoundError('Run');
  const own = await cappedOwnOutput(db, id, cap);
  const outputs = await cappedRunOutputs(db, id, cap - own.bytes);
  return {
    ...run,
    output: own.output,
    steps: run.steps.map((step) => ({ ...step, output: outputs.of(step.nodeId) })),
    attempts: run.attempts.map((attempt) => ({ ...attempt, output: outputs.of(attempt.nodeId, attempt.attempt) })),
  };
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
      tokensIn: true, tokensOut: true, costUsd: true, input: true, startedById: true, parentRunId: true, rerunOfId: true, rerunMode: true,
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
