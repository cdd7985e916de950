/** A test node type that takes a while and counts every execution in a file, so a test can prove that no finished step ran twice. */
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export function tickNode(counterFile: string) {
  return defineNodeType({
    type: 'tick',
    title: 'Tick',
    category: 'flow',
    description: 'Waits, then records that it ran (tests only).',
    icon: 'timer',
    configSchema: z.object({ ms: z.number().int().min(0) }),
    outputs: ['out'],
    execute: async (ctx) => {
      await ctx.clock.sleep(ctx.config.ms, ctx.signal);
      appendFileSync(counterFile, `${ctx.nodeId} ${ctx.attempt} ${ctx.isResumed}\n`);
      return done({ node: ctx.nodeId });
    },
  });
}
