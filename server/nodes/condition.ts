/**
 * `condition`: takes its `true` or `false` edge by a JSONata predicate. The value is read with JSONata's
 * own `$boolean` rules (empty string, 0, empty array, nothing → false), so `steps.analyse.output.issues`
 * is true exactly when issues were found.
 */
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export const conditionNode = defineNodeType({
  type: 'condition',
  title: 'Condition',
  category: 'logic',
  description: 'Continues on its true or its false output, by a JSONata predicate; the other branch is skipped.',
  icon: 'git-branch',
  configSchema: z.strictObject({
    predicate: z
      .string()
      .min(1)
      .max(10_000)
      .meta({
        title: 'Predicate',
        description: 'JSONata (no braces) over { input, steps, run }; truthy takes the true output',
        examples: ['$count(steps.analyse.output.issues) > 0'],
      }),
  }),
  outputs: ['true', 'false'],
  effects: 'none',
  expressionFields: ['predicate'],
  async execute(ctx) {
    const result = isTruthy(await ctx.evaluate(ctx.config.predicate));
    return done({ result }, [result ? 'true' : 'false']);
  },
});

/** JSONata's `$boolean` casting. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return false;
}
