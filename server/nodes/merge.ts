/** `merge`: joins branches. Runs once its incoming branches are decided, with the outputs of those that ran. */
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export const mergeNode = defineNodeType({
  type: 'merge',
  title: 'Merge',
  category: 'flow',
  description: 'Combines the outputs of the branches that ran: an object by step id, or an array in edge order.',
  icon: 'merge',
  configSchema: z.strictObject({
    mode: z
      .enum(['object', 'array'])
      .default('object')
      .meta({ title: 'Combine as', description: 'object: { <step id>: output }; array: [output, …] in edge order' }),
  }),
  outputs: ['out'],
  effects: 'none',
  async execute(ctx) {
    const entries = Object.entries(ctx.inputs);
    return done(ctx.config.mode === 'array' ? entries.map(([, output]) => output) : Object.fromEntries(entries));
  },
});
