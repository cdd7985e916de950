/**
 * What the run panel reads: the run with one short row per step (status, times, usage, its attempts
 * summed up), and one step's data in full when a person opens it. A step's input and output can be
 * megabytes (a merge of hundreds of steps), so the panel's list never carries them: `runs.get` of a
 * 3,000-step run was 18 MB, and encoding it blocked the server for tens of seconds while the run went on.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect } from '@/server/db/connect';
import { NotFoundError } from '@/server/errors';
import { inputReferences, resolveStepInput } from '@/server/engine/step-input';
import { stepStatusSchema } from '@/server/engine/run-state';
import type { TeamScope } from '@/server/teams/service';
import { MAX_OUTPUTS_RESPONSE_BYTES, cappedOwnOutput, cappedStepOutputs } from './output-cap';
import { RERUNS_SHOWN } from './service';

const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;

/**
 * $1: the run's id. Its attempts are summed up by step in the same statement (first queued, time spent,
 * how many, any usage estimated). A waiting step's output is its request to a person (approval), which
 * the list shows; no other output comes along. Times as epoch milliseconds: the columns hold UTC without
 * a zone, which a driver would read in the process's zone.
 */
const STEP_ROWS_SQL = `SELECT s."nodeId", s.status::text AS status, s.attempt, s."isReused",
    s."tokensIn", s."tokensOut", s."costUsd", s."waitReason",
    ${epochMs('s."startedAt"')} AS "startedMs", ${epochMs('s."finishedAt"')} AS "finishedMs",
    CASE WHEN s.status = 'WAITING' THEN s.output END AS "waitingOutput",
    COALESCE(a.attempts, 0) AS "attemptCount", a."queuedMs", a."durationMs", COALESCE(a."isEstimated", false) AS "isEstimated"
  FROM "RunStep" s
  LEFT JOIN (
    SELECT "nodeId", count(*)::int AS attempts, ${epochMs('min("queuedAt")')} AS "queuedMs",
      sum("durationMs")::float8 AS "durationMs", bool_or("isEstimated") AS "isEstimated"
    FROM "StepRun" WHERE "runId" = $1 GROUP BY "nodeId"
  ) a ON a."nodeId" = s."nodeId"
  WHERE s."runId" = $1
  ORDER BY s."nodeId"`;

const time = z.number().nullable();
const stepRowSchema = z.object({
  nodeId: z.string(),
  status: stepStatusSchema,
  attempt: z.number().int(),
  isReused: z.boolean(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  costUsd: z.number(),
  waitReason: z.string().nullable(),
  startedMs: time,
  finishedMs: time,
  waitingOutput: z.unknown(),
  attemptCount: z.number().int(),
  queuedMs: time,
  durationMs: time,
  isEstimated: z.boolean(),
});

/** One step's row in the run panel's list. */
export type RunViewStep = Omit<z.infer<typeof stepRowSchema>, 'waitingOutput'> & { waitingOutput: unknown };

/** The run and a summary of each step, in node id order; `isEstimated`: some call's tokens were counted here. */
export async function getRunView(db: PrismaClient, team: TeamScope, id: string, cap: number = MAX_OUTPUTS_RESPONSE_BYTES) {
  const run = await db.run.findFirst({
    where: { id, teamId: team.id },
    select: {
      id: true, status: true, input: true, error: true, createdAt: true, startedAt: true, finishedAt: true,
      tokensIn: true, tokensOut: true, costUsd: true, startedById: true, parentRunId: true, rerunOfId: true, rerunMode: true, purpose: true,
      mastery: { select: { id: true, name: true } },
      version: { select: { id: true, number: true } },
      reruns: RERUNS_SHOWN,
    },
  });
  if (!run) throw new NotFoundError('Run');
  // Read again on every event of a live run: an output past the cap comes as its size alone.
  const { output } = await cappedOwnOutput(db, id, cap);
  const rows = await executeDirect(db, 'ms_run_view_steps', STEP_ROWS_SQL, [id]);
  const steps: RunViewStep[] = rows.map((row) => {
    const { waitingOutput, ...step } = stepRowSchema.parse(row);
    return { ...step, waitingOutput: waitingOutput ?? null };
  });
  // The steps go as one JSON text, their times as epoch milliseconds: the API's encoder (superjson) walks
  // every value of a response, which took 30–250 ms for 3,000 rows on a loaded server (dates cost most),
  // blocking it; JSON.stringify takes 3–7 ms. The run panel parses it back (run-view-steps.ts).
  return { ...run, output, stepsJson: JSON.stringify(steps), isEstimated: steps.some((step) => step.isEstimated) };
}

async function assertRunOfTeam(db: PrismaClient, team: TeamScope, id: string): Promise<void> {
  const run = await db.run.findFirst({ where: { id, teamId: team.id }, select: { id: true } });
  if (!run) throw new NotFoundError('Run');
}

/**
 * One step of the run in full, for the inspector's Data tab: its output, error, attempts, when its next
 * attempt is due (`retryAt`, while retrying), and its input as it received it (the outputs of the steps it
 * read, looked up here). Null when the run has no such step
 * (not reached yet, or a node added after the run).
 */
export async function getRunStep(db: PrismaClient, team: TeamScope, runId: string, nodeId: string) {
  await assertRunOfTeam(db, team, runId);
  const step = await db.runStep.findUnique({
    where: { runId_nodeId: { runId, nodeId } },
    select: { nodeId: true, status: true, attempt: true, input: true, output: true, error: true, tokensIn: true, tokensOut: true, costUsd: true, startedAt: true, finishedAt: true, retryAt: true },
  });
  if (!step) return null;
  const attempts = await db.stepRun.findMany({
    where: { runId, nodeId },
    orderBy: { attempt: 'asc' },
    select: { attempt: true, status: true, error: true, model: true, durationMs: true, startedAt: true, finishedAt: true },
  });
  const outputs = await stepOutputs(db, runId, inputReferences(step.input) ?? []);
  const input = step.input === null ? null : resolveStepInput(step.input, (id) => outputs.get(id));
  return { ...step, input, attempts };
}

/**
 * Outputs of some steps of the run by node id (the expression editor's sample of the steps a field reads),
 * the first asked for first while they fit under `cap` bytes; the others come back as an OmittedOutput.
 */
export async function getRunOutputs(
  db: PrismaClient,
  team: TeamScope,
  runId: string,
  nodeIds: readonly string[],
  cap: number = MAX_OUTPUTS_RESPONSE_BYTES,
): Promise<Record<string, unknown>> {
  await assertRunOfTeam(db, team, runId);
  const outputs = await cappedStepOutputs(db, runId, nodeIds, cap);
  // No prototype: a step may be called `constructor`.
  const found: Record<string, unknown> = Object.create(null);
  for (const id of nodeIds) {
    const output = outputs.of(id);
    if (output !== null) found[id] = output;
  }
  return found;
}

async function stepOutputs(db: PrismaClient, runId: string, nodeIds: readonly string[]): Promise<Map<string, unknown>> {
  if (nodeIds.length === 0) return new Map();
  const rows = await db.runStep.findMany({ where: { runId, nodeId: { in: [...nodeIds] } }, select: { nodeId: true, output: true } });
  return new Map(rows.filter((row) => row.output !== null).map((row) => [row.nodeId, row.output]));
}
