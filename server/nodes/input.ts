/** `input`: where the run input enters the graph. Exactly one per graph; it passes the input on unchanged. */
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export const inputNode = defineNodeType({
  type: 'input',
  title: 'Input',
  category: 'io',
  description: 'Where the run input enters the graph. Its output is the run input, checked against the input schema.',
  icon: 'log-in',
  configSchema: z.strictObject({}).meta({ title: 'Input', description: 'No settings: the input schema lives in the graph settings.' }),
  outputs: ['out'],
  effects: 'none',
  execute: async (ctx) => done(ctx.runInput),
});
