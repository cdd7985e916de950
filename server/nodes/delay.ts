/** `delay`: waits, then passes on what flows into it. Abortable: a cancel or a timeout ends the wait at once. */
import { z } from 'zod';
import { defineNodeType, done, passThrough } from '@/server/engine/node-type';

export const delayNode = defineNodeType({
  type: 'delay',
  title: 'Delay',
  category: 'flow',
  description:
    'Waits for a while (for rate limits or a settling system), then passes its input on. With several incoming steps it passes on null: read them as steps.<id>.output, or merge them first.',
  passesInput: true,
  icon: 'timer',
  configSchema: z.strictObject({
    ms: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .meta({ title: 'Milliseconds', description: 'How long to wait (at most a day)', examples: [1000] }),
  }),
  outputs: ['out'],
  effects: 'none',
  async execute(ctx) {
    await ctx.clock.sleep(ctx.config.ms, ctx.signal);
    return done(passThrough(ctx.inputs));
  },
});
