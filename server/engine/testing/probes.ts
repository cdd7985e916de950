/**
 * Test doubles of node types that record what the scheduler does: when each attempt starts and ends
 * (on the clock), how many run at once, how often each step executed.
 */
import { z } from 'zod';
import { NodeError } from '@/server/errors';
import type { NodeType, StepEffects } from '../node-type';
import { defineNodeType, done, passThrough, waitFor } from '../node-type';

export interface ProbeEntry {
  id: string;
  attempt: number;
  isResumed: boolean;
  startedAt: number;
  endedAt?: number;
  /** Order of this start and this end among all starts and ends (the clock may not move between them). */
  startSeq: number;
  endSeq?: number;
  idempotencyKey: string;
  /** The upstream outputs execute received, by step id. */
  inputs: Record<string, unknown>;
}

export class ProbeLog {
  readonly entries: ProbeEntry[] = [];
  running = 0;
  maxRunning = 0;
  seq = 0;

  executions(id: string): number {
    return this.entries.filter((entry) => entry.id === id).length;
  }

  first(id: string): ProbeEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  order(): string[] {
    return this.entries.map((entry) => entry.id);
  }
}

const probeConfigSchema = z.object({
  /** Time the attempt takes on the clock. */
  ms: z.number().int().min(0).default(0),
  output: z.json().optional(),
  /** Attempts below this number fail with a retryable error. */
  failUntil: z.number().int().min(0).default(0),
  /** Every attempt fails, retryable or not. */
  fail: z.enum(['retryable', 'fatal']).optional(),
  /** Sleeps without the signal: a node that ignores abort. */
  ignoreSignal: z.boolean().default(false),
  /** Returns WAITING instead of an output. */
  wait: z.boolean().default(false),
  usage: z.object({ tokensIn: z.number(), tokensOut: z.number(), costUsd: z.number() }).optional(),
});

/**
 * `probe` has effects outside the run, as far as the engine knows (it starts once its RUNNING row is
 * stored); `pure-probe` is the same test double declared effect-free (it may start before).
 */
export function createProbeTypes(log: ProbeLog): NodeType[] {
  const probe = (type: string, effects: StepEffects) =>
    defineNodeType({
      type,
      title: 'Probe',
      category: 'flow',
      description: 'Test double',
      icon: 'flask',
      configSchema: probeConfigSchema,
      outputs: ['out'],
      effects,
      async execute(ctx) {
        const entry: ProbeEntry = {
          id: ctx.nodeId,
          attempt: ctx.attempt,
          isResumed: ctx.isResumed,
          startedAt: ctx.clock.now(),
          startSeq: ++log.seq,
          idempotencyKey: ctx.idempotencyKey,
          inputs: { ...ctx.inputs },
        };
        log.entries.push(entry);
        log.running += 1;
        log.maxRunning = Math.max(log.maxRunning, log.running);
        try {
          const { config } = ctx;
          if (config.usage !== undefined) ctx.reportUsage({ model: 'test-model', ...config.usage });
          if (config.ms > 0) await ctx.clock.sleep(config.ms, config.ignoreSignal ? undefined : ctx.signal);
          if (ctx.attempt < config.failUntil || config.fail !== undefined) {
            const retryable = config.fail !== 'fatal';
            throw new NodeError('NODE_FAILED', `probe failed on attempt ${ctx.attempt}`, { retryable });
          }
          if (config.wait) return waitFor('a person must decide');
          return done(config.output === undefined ? passThrough(ctx.inputs) : config.output);
        } finally {
          entry.endedAt = ctx.clock.now();
          entry.endSeq = ++log.seq;
          log.running -= 1;
        }
      },
    });
  const fork = defineNodeType({
    type: 'fork',
    title: 'Fork',
    category: 'logic',
    description: 'Test double with two outputs; takes the handles in its config',
    icon: 'split',
    configSchema: z.object({ take: z.array(z.enum(['left', 'right'])).default(['left']) }),
    outputs: ['left', 'right'],
    execute: async (ctx) => done(ctx.config.take, ctx.config.take),
  });
  return [probe('probe', 'outside'), probe('pure-probe', 'none'), fork];
}
