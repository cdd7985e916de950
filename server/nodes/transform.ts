/** `transform`: reshapes data with one JSONata expression over `{ input, steps, run }`. */
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export const transformNode = defineNodeType({
  type: 'transform',
  title: 'Transform',
  category: 'data',
  description: 'Computes its output with a JSONata expression over the run input and earlier steps.',
  icon: 'shuffle',
  configSchema: z.strictObject({
    expression: z
      .string()
      .min(1)
      .max(10_000)
      .meta({
        title: 'Expression',
        description: 'JSONata (no braces), evaluated against { input, steps: { <id>: { output } }, run: { id } }',
        examples: ['steps.fetch.output.items[price > 10].{ "name": name, "total": price * qty }'],
      }),
  }),
  outputs: ['out'],
  effects: 'none',
  expressionFields: ['expression'],
  execute: async (ctx) => done(await ctx.evaluate(ctx.config.expression)),
});
