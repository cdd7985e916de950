/** The evidence kept with a proposal: each input replayed on the parent version and on the proposal. */
import { z } from 'zod';

export type Json = z.infer<ReturnType<typeof z.json>>;

export const REPLAY_STATUSES = ['PASSED', 'CHECK_FAILED', 'FAILED', 'TIMED_OUT', 'BUDGET_EXCEEDED', 'ERROR'] as const;
export type ReplayStatus = (typeof REPLAY_STATUSES)[number];

export const replaySchema = z.object({
  versionId: z.string(),
  runId: z.string().nullable(),
  status: z.enum(REPLAY_STATUSES),
  /** Why it did not pass: the run's error, the check's error, the budget refused. */
  error: z.string().nullable(),
  /** The check's value (or null without a check). */
  check: z.object({ isPassed: z.boolean(), value: z.json().optional(), error: z.string().optional() }).nullable(),
  durationMs: z.number().nullable(),
  tokens: z.number(),
  costUsd: z.number(),
});
export type Replay = z.infer<typeof replaySchema>;

export const evidenceItemSchema = z.object({
  label: z.string(),
  testInputId: z.string().nullable(),
  checkExpression: z.string().nullable(),
  parent: replaySchema,
  proposal: replaySchema,
});
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const evidenceSchema = z.object({
  items: z.array(evidenceItemSchema),
  /** Every input passes on the proposal. */
  isPassing: z.boolean(),
  finishedAt: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export function parseEvidence(value: unknown): Evidence | null {
  const parsed = evidenceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
