/**
 * What crosses Redis between the engine's process and workers: zod-checked on arrival, since another
 * process (maybe another version of the app) wrote it.
 */
import { z } from 'zod';
import type { StepOutcome, UsageReport } from '@/server/engine/ports';

export const attemptKeySchema = z.object({ runId: z.string().min(1), nodeId: z.string().min(1), attempt: z.number().int().positive() });

const stepErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  nodeId: z.string(),
  attempt: z.number(),
});

export const decisionSchema = z.union([
  z.object({ kind: z.literal('complete'), output: z.unknown().optional(), handles: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('fail'), message: z.string(), code: z.string().optional() }),
]);

export const stepOutcomeSchema = z.union([
  // outputChars: the output's size as the worker's executor measured it, so the engine need not again.
  z.object({ kind: z.literal('succeeded'), output: z.unknown(), handles: z.array(z.string()), outputChars: z.number().int().nonnegative().optional() }),
  z.object({
    kind: z.literal('waiting'),
    reason: z.string(),
    data: z.unknown().optional(),
    timeout: z.object({ afterMs: z.number(), decision: decisionSchema }).optional(),
  }),
  z.object({ kind: z.literal('failed'), error: stepErrorSchema }),
  z.object({ kind: z.literal('interrupted'), reason: z.string() }),
]);

const usageReportSchema = z
  .object({
    tokensIn: z.number(),
    tokensOut: z.number(),
    costUsd: z.number(),
    model: z.string(),
    agentId: z.string().optional(),
    agentVersion: z.number().optional(),
    isEstimated: z.boolean().optional(),
    budgetAlerts: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .loose();

/** An attempt's result as a worker reports it: the outcome and each usage report of its LLM calls. */
export const attemptResultSchema = z.object({ outcome: stepOutcomeSchema, usage: z.array(usageReportSchema) });

export const outcomeMessageSchema = attemptKeySchema.extend({ result: attemptResultSchema });

export interface AttemptResult {
  outcome: StepOutcome;
  usage: UsageReport[];
}

/** Parsed shapes are the port's types: the schema checks structure, the codes come from our own writer. */
export function toAttemptResult(parsed: z.output<typeof attemptResultSchema>): AttemptResult {
  return parsed as unknown as AttemptResult;
}
