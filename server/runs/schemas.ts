import { z } from 'zod';
import { RUN_STATUSES } from '@/server/engine/run-state';
import { jsonObjectSchema } from '@/server/engine/json-limits';
import { idSchema } from '@/server/teams/schemas';
import { plainText } from '@/server/plain-text';

/** Run inputs are JSON objects up to 1 MB. */
export const MAX_INPUT_BYTES = 1_000_000;

export const startRunSchema = z.strictObject({
  masteryId: idSchema,
  /** Defaults to the mastery's current version. */
  versionId: idSchema.optional(),
  input: jsonObjectSchema.default({}),
});

export const rerunSchema = z
  .strictObject({
    runId: idSchema,
    /** SAME_INPUT: the same version with the same input. FROM_FAILED_STEP: keeps the steps that succeeded. */
    mode: z.enum(['SAME_INPUT', 'FROM_FAILED_STEP']),
    /** FROM_FAILED_STEP only: a version of the same mastery to run instead (a fix saved after the failure). */
    versionId: idSchema.optional(),
  })
  .refine((input) => input.mode === 'FROM_FAILED_STEP' || input.versionId === undefined, {
    message: 'A re-run with the same input runs the same version',
    path: ['versionId'],
  });

export const runIdInputSchema = z.strictObject({ id: idSchema });

const nodeIdSchema = plainText().min(1).max(100);

/** One step of a run, read in full when a person opens it (the run panel's list carries no step data). */
export const runStepSchema = z.strictObject({ id: idSchema, nodeId: nodeIdSchema });

/** Outputs of some steps of a run: those an expression reads, as the expression editor's sample. */
export const runOutputsSchema = z.strictObject({ id: idSchema, nodeIds: z.array(nodeIdSchema).max(500) });

export const listRunsSchema = z.strictObject({
  masteryId: idSchema.optional(),
  versionId: idSchema.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  /** Runs started by this user (a member's id). */
  startedById: idSchema.optional(),
  /** Runs created on or after this UTC day, and before the day after `to`. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Leave out the child runs of `mastery` and `map` steps (they show inside their parent run). */
  isTopLevelOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(25),
  /** The id of the last run of the previous page. */
  cursor: idSchema.nullish(),
  /** Sent by tRPC's infinite queries with every page; pages only go forward, newest first. */
  direction: z.enum(['forward', 'backward']).optional(),
});

/** `lastEventId`: set by the SSE client on reconnection (the last `tracked` id it received). */
export const watchRunSchema = z.strictObject({ id: idSchema, lastEventId: plainText().max(20).nullish() });

export const runEventsSchema = z.strictObject({
  runId: idSchema,
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const decideSchema = z.strictObject({
  runId: idSchema,
  nodeId: nodeIdSchema,
  decision: z.enum(['approve', 'reject']),
  comment: plainText().trim().min(1).max(2000).optional(),
});
