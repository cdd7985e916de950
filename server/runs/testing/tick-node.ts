/**
 * A test node type that takes a while and counts every execution in a file, so a test can prove that no
 * finished step ran twice. `tick` starts once its RUNNING row is stored; `pure-tick` is declared
 * effect-free (its count aside) and may start before.
 */
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { defineNodeType, done, type StepEffects } from '@/server/engine/node-type';

export function tickNode(counterFile: string, effects: StepEffects = 'outside') {
  return defineNodeType({
    type: effects === 'none' ? 'pure-tick' : 'tick',
    effects,
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
