/**
 * A test node type with a side effect outside the process: it waits, then POSTs its attempt
 * (`runId nodeId attempt resumed`) to a local HTTP endpoint that counts calls, so a test can prove each
 * succeeded attempt called once and nothing ran twice.
 */
import { z } from 'zod';
import { defineNodeType, done } from '@/server/engine/node-type';

export function callNode(counterUrl: string) {
  return defineNodeType({
    type: 'call',
    title: 'Call',
    category: 'flow',
    description: 'Waits, then calls the counting endpoint (tests only).',
    icon: 'timer',
    configSchema: z.object({ ms: z.number().int().min(0) }),
    outputs: ['out'],
    execute: async (ctx) => {
      await ctx.clock.sleep(ctx.config.ms, ctx.signal);
      const response = await fetch(counterUrl, {
        method: 'POST',
        body: `${ctx.runId} ${ctx.nodeId} ${ctx.attempt} ${ctx.isResumed}`,
        signal: ctx.signal,
      });
      if (!response.ok) throw new Error(`the counter answered ${response.status}`);
      return done({ node: ctx.nodeId, attempt: ctx.attempt });
    },
  });
}
