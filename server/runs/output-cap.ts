/**
 * Reads that hand out many step outputs at once (`runs.get`, `runs.outputs`) are capped by bytes: each
 * output may be 8 MB and a read may name hundreds, so one response could otherwise be gigabytes, loaded
 * into the server's memory and encoded whole. Sizes are asked of the database first (the columns are
 * `json`, stored as text, so this reads no output); outputs are then loaded while they fit, in the order
 * the read gives, and those past the cap come back as a marker with their size. `runs.step` gives one
 * step in full.
 */
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect } from '@/server/db/connect';
import { omittedOutput } from './omitted-output';

/** The step outputs one response may carry, as bytes of their JSON text: 16 MB. */
export const MAX_OUTPUTS_RESPONSE_BYTES = 16 * 1024 * 1024;

/** One stored output: a step's (attempt 0) or an attempt's. */
interface Sized {
  nodeId: string;
  attempt: number;
  bytes: number;
}

const SIZE_COLUMNS = `"nodeId", octet_length(output::text)::float8 AS bytes`;
/** $1: the run; $2: the step ids asked for, in the read's order. */
const STEP_SIZES_SQL = `SELECT ${SIZE_COLUMNS}, 0 AS attempt FROM "RunStep"
  WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND output IS NOT NULL`;
/** $1: the run. Every step, then every attempt, by node id. */
const RUN_SIZES_SQL = `SELECT * FROM (
    SELECT ${SIZE_COLUMNS}, 0 AS attempt FROM "RunStep" WHERE "runId" = $1 AND output IS NOT NULL
    UNION ALL
    SELECT ${SIZE_COLUMNS}, attempt FROM "StepRun" WHERE "runId" = $1 AND output IS NOT NULL
  ) sized ORDER BY attempt > 0, "nodeId", attempt`;

/** $1: the run; $2: step ids; $3, $4: the attempts' step ids and numbers, pair by pair. */
const OUTPUTS_SQL = `SELECT "nodeId", 0 AS attempt, output FROM "RunStep" WHERE "runId" = $1 AND "nodeId" = ANY($2::text[])
  UNION ALL
  SELECT a."nodeId", a.attempt, a.output FROM "StepRun" a
    JOIN unnest($3::text[], $4::int[]) AS k("nodeId", attempt) ON k."nodeId" = a."nodeId" AND k.attempt = a.attempt
  WHERE a."runId" = $1`;

const keyOf = (nodeId: string, attempt: number): string => `${nodeId}\u0000${attempt}`;

/** Outputs by step (attempt 0) or attempt, those past the cap as markers; an output not stored is absent. */
export class CappedOutputs {
  constructor(private readonly byKey: ReadonlyMap<string, Prisma.JsonValue>) {}

  of(nodeId: string, attempt = 0): Prisma.JsonValue | null {
    return this.byKey.get(keyOf(nodeId, attempt)) ?? null;
  }
}

function toSized(rows: ReadonlyArray<Record<string, unknown>>): Sized[] {
  return rows.map((row) => ({ nodeId: String(row.nodeId), attempt: Number(row.attempt), bytes: Number(row.bytes) }));
}

/** In the order given, each output that still fits under the cap is kept; the others are left out. */
export function fitUnderCap<T extends { bytes: number }>(items: readonly T[], cap: number): { kept: T[]; left: T[] } {
  const kept: T[] = [];
  const left: T[] = [];
  let total = 0;
  for (const item of items) {
    if (total + item.bytes <= cap) {
      total += item.bytes;
      kept.push(item);
    } else left.push(item);
  }
  return { kept, left };
}

async function loadFitting(db: PrismaClient, runId: string, sized: readonly Sized[], cap: number): Promise<CappedOutputs> {
  const { kept, left } = fitUnderCap(sized, cap);
  const byKey = new Map<string, Prisma.JsonValue>();
  for (const item of left) byKey.set(keyOf(item.nodeId, item.attempt), omittedOutput(item.bytes));
  if (kept.length === 0) return new CappedOutputs(byKey);
  const steps = kept.filter((item) => item.attempt === 0);
  const attempts = kept.filter((item) => item.attempt > 0);
  // Arrays, not a list of conditions: a run may have thousands of attempts.
  const params = [runId, steps.map((item) => item.nodeId), attempts.map((item) => item.nodeId), attempts.map((item) => item.attempt)];
  for (const row of await executeDirect(db, 'ms_capped_outputs', OUTPUTS_SQL, params)) {
    if (row.output !== null && row.output !== undefined) byKey.set(keyOf(String(row.nodeId), Number(row.attempt)), row.output as Prisma.JsonValue);
  }
  return new CappedOutputs(byKey);
}

/** The outputs of the steps `nodeIds` of the run, the first ones first while they fit under `cap`. */
export async function cappedStepOutputs(db: PrismaClient, runId: string, nodeIds: readonly string[], cap: number): Promise<CappedOutputs> {
  if (nodeIds.length === 0) return new CappedOutputs(new Map());
  const rows = toSized(await executeDirect(db, 'ms_step_output_sizes', STEP_SIZES_SQL, [runId, [...nodeIds]]));
  const order = new Map(nodeIds.map((id, at) => [id, at]));
  rows.sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0));
  return loadFitting(db, runId, rows, cap);
}

/** Every output of the run, its steps' then its attempts', by node id, while they fit under `cap`. */
export async function cappedRunOutputs(db: PrismaClient, runId: string, cap: number): Promise<CappedOutputs> {
  return loadFitting(db, runId, toSized(await executeDirect(db, 'ms_run_output_sizes', RUN_SIZES_SQL, [runId])), cap);
}

/** $1: the run; $2: the cap. The run's output is read only when it fits. */
const RUN_OUTPUT_SQL = `SELECT octet_length(output::text)::float8 AS bytes, octet_length(output::text) <= $2::float8 AS fits,
    CASE WHEN octet_length(output::text) <= $2::float8 THEN output END AS output
  FROM "Run" WHERE id = $1`;

/** The run's own output if it fits under `cap`, else an OmittedOutput; `bytes`: what it takes of the cap. */
export async function cappedOwnOutput(db: PrismaClient, runId: string, cap: number): Promise<{ output: Prisma.JsonValue | null; bytes: number }> {
  const [row] = await executeDirect(db, 'ms_run_output_capped', RUN_OUTPUT_SQL, [runId, cap]);
  if (row === undefined || row.bytes === null) return { output: null, bytes: 0 };
  const bytes = Number(row.bytes);
  return row.fits === true ? { output: (row.output ?? null) as Prisma.JsonValue | null, bytes } : { output: omittedOutput(bytes), bytes: 0 };
}
