/**
 * A test node type that kills its own process the moment it runs, as a V8 fatal error, running out of
 * memory or a native abort would; it records each execution first, so a test can count them. `pure-crash`
 * wrongly declares itself effect-free, so it may start (and kill the process) before its row is stored.
 */
import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { defineNodeType, type StepEffects } from '@/server/engine/node-type';

export function crashNode(counterFile: string, effects: StepEffects = 'outside') {
  return defineNodeType({
    type: effects === 'none' ? 'pure-crash' : 'crash',
    effects,
    title: 'Crash',
    category: 'flow',
    description: 'Kills the process it runs in (tests only).',
    icon: 'zap',
    configSchema: z.object({}),
    outputs: ['out'],
    execute: (ctx) => {
      appendFileSync(counterFile, `${ctx.nodeId} ${ctx.attempt} ${ctx.isResumed}\n`);
      process.kill(process.pid, 'SIGKILL');
      return new Promise<never>(() => undefined); // the process is gone before this could settle
    },
  });
}
