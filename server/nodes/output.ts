/**
 * `output`: the run's result. `result` is any JSON whose strings may hold `{{ }}` templates, resolved by
 * the engine before execute; without it the step passes on what flows into it.
 */
import { z } from 'zod';
import { jsonValueSchema } from '@/server/engine/json-limits';
import { defineNodeType, done, passThrough } from '@/server/engine/node-type';

export const outputNode = defineNodeType({
  type: 'output',
  title: 'Output',
  category: 'io',
  description: 'Shapes the run result. Strings may hold {{ }} templates, e.g. {"summary": "{{ steps.summarise.output }}"}.',
  icon: 'log-out',
  configSchema: z.strictObject({
    // Not z.json(): it copies by assignment and would drop a `__proto__` key of the result.
    result: jsonValueSchema
      .optional()
      .meta({
        title: 'Result',
        description:
          'The run result: JSON whose strings may hold {{ }} templates. Empty passes the incoming value on (null when several steps flow in: merge them first).',
        examples: [{ summary: '{{ steps.summarise.output }}', score: '{{ steps.grade.output.score }}' }],
      }),
  }),
  outputs: [],
  effects: 'none',
  passesInput: { unlessSet: 'result' },
  execute: async (ctx) => done(ctx.config.result === undefined ? passThrough(ctx.inputs) : ctx.config.result),
});
