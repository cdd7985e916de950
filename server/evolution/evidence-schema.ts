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

/**
 * Whether the old version failed again on the failed run's input when replayed. Only then does a pass on
 * the proposal show the change helps; a flaky failure that did not come back shows nothing either way.
 */
export function failureReproduction(evidence: Evidence): 'REPRODUCED' | 'NOT_REPRODUCED' | 'UNKNOWN' {
  const status = evidence.items.find((item) => item.testInputId === null)?.parent.status;
  if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'CHECK_FAILED') return 'REPRODUCED';
  return status === 'PASSED' ? 'NOT_REPRODUCED' : 'UNKNOWN';
}

export type EvidenceState = 'PENDING' | 'PASSING' | 'NOT_REPRODUCED' | 'NOT_PASSING';

/** The one word on a proposal's evidence: it passes only when the failure came back on the old version. */
export function evidenceState(evidence: Evidence | null): EvidenceState {
  if (evidence === null) return 'PENDING';
  if (!evidence.isPassing) return 'NOT_PASSING';
  return failureReproduction(evidence) === 'NOT_REPRODUCED' ? 'NOT_REPRODUCED' : 'PASSING';
}
