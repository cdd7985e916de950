/** tRPC inputs of the budgets API. */
import { z } from 'zod';
import { idSchema } from '@/server/teams/schemas';

export const budgetPeriodSchema = z.enum(['DAY', 'MONTH']);

export const saveBudgetSchema = z
  .strictObject({
    /** Set: change that budget; absent: a new one. */
    id: idSchema.optional(),
    /** Null: the whole team. */
    masteryId: idSchema.nullable(),
    period: budgetPeriodSchema,
    maxCostUsd: z.number().positive('Max cost must be above 0').max(1_000_000, 'Max cost must be at most $1,000,000').nullable(),
    maxTokens: z.number().int('Max tokens must be a whole number').positive('Max tokens must be at least 1').max(2_000_000_000, 'Max tokens must be at most 2,000,000,000').nullable(),
    maxConcurrentRuns: z.number().int('Max concurrent runs must be a whole number').positive('Max concurrent runs must be at least 1').max(10_000).nullable(),
  })
  .refine((b) => b.maxCostUsd !== null || b.maxTokens !== null || b.maxConcurrentRuns !== null, {
    message: 'Set at least one limit: max cost, max tokens or max concurrent runs',
    path: ['maxCostUsd'],
  });

export const budgetIdSchema = z.strictObject({ id: idSchema });

export const runAlertsSchema = z.strictObject({ runId: idSchema });

/** A stored `budget.alert` event's payload (server/engine/ports.ts, BudgetAlertNotice and the step). */
export const budgetAlertPayloadSchema = z.object({
  nodeId: z.string(),
  budgetId: z.string(),
  budgetName: z.string(),
  limitKind: z.enum(['cost', 'tokens']),
  threshold: z.union([z.literal(80), z.literal(100)]),
  limit: z.number(),
  used: z.number(),
});
