import { z } from 'zod';
import { jsonObjectSchema } from '@/server/engine/json-limits';
import { idSchema } from '@/server/teams/schemas';
import { plainText } from '@/server/plain-text';

const nameSchema = plainText().trim().min(1, 'Enter a name').max(100);
/** A JSONata predicate over `$output` and `$input`, e.g. `$output.rows > 0`; checked for syntax on save. */
const checkSchema = plainText().trim().min(1).max(2_000).nullish();

export const listTestInputsSchema = z.strictObject({ masteryId: idSchema });
export const createTestInputSchema = z.strictObject({ masteryId: idSchema, name: nameSchema, input: jsonObjectSchema, check: checkSchema });
export const testInputFromRunSchema = z.strictObject({ runId: idSchema, name: nameSchema, check: checkSchema });
export const testInputIdSchema = z.strictObject({ id: idSchema });

export const proposeSchema = z.strictObject({
  runId: idSchema,
  /** What the person wants changed, e.g. "improve: keep the summary under 100 words". */
  instruction: plainText().trim().min(1).max(2_000).optional(),
});
export const runIdSchema = z.strictObject({ runId: idSchema });
export const proposalIdSchema = z.strictObject({ proposalId: idSchema });
export const rejectSchema = z.strictObject({ proposalId: idSchema, reason: plainText().trim().min(1, 'Say why').max(2_000) });
export const evolverModeSchema = z.strictObject({ masteryId: idSchema, mode: z.enum(['OFF', 'PROPOSE']) });
export const queueSchema = z.strictObject({ masteryId: idSchema.optional() });
