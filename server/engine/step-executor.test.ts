import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, NodeError } from '@/server/errors';
import { DEFAULT_EXPRESSION_LIMITS } from './expressions';
import { FakeClock } from './fake-clock';
import { nodeIdSchema, runIdSchema } from './graph';
import { InProcessDispatcher } from './in-process-dispatcher';
import { defineNodeType, done, type NodeResult, type StepContext } from './node-type';
import { noopLogger, type StepJob, type UsageReport } from './ports';

function dispatcherFor(execute: (ctx: StepContext & { config: { n: number } }) => Promise<NodeResult>) {
  const nodeType = defineNodeType({
    type: 'thing',
    title: 'Thing',
    category: 'data',
    description: 'test',
    icon: 'box',
    configSchema: z.object({ n: z.number() }),
    outputs: ['yes', 'no'],
    execute,
  });
  const registry = { get: (type: string) => (type === 'thing' ? nodeType : undefined) };
  return new InProcessDispatcher({ registry, clock: new FakeClock(), logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
}

function job(overrides: Partial<StepJob> = {}): StepJob {
  const runId = runIdSchema.parse('run_1');
  const nodeId = nodeIdSchema.parse('thing_1');
  return {
    runId,
    nodeId,
    nodeName: 'Thing',
    nodeType: 'thing',
    attempt: 2,
    isResumed: false,
    idempotencyKey: 'run_1:thing_1:2',
    config: { n: 1 },
    inputs: { up: 5 },
    scope: { input: { q: 'x' }, steps: { up: { output: 5 } }, run: { id: 'run_1' } },
    referencedSteps: [],
    ...overrides,
  };
}

function hooks(signal = new AbortController().signal) {
  const usage: UsageReport[] = [];
  const partials: unknown[] = [];
  return { signal, usage, partials, onUsage: (u: UsageReport) => usage.push(u), onPartial: (c: unknown) => partials.push(c) };
}

describe('executeStep (in-process dispatcher)', () => {
  it('gives execute the parsed config, inputs, attempt, key, run input and a working evaluate', async () => {
    let seen: unknown;
    const dispatcher = dispatcherFor(async (ctx) => {
      seen = { config: ctx.config, inputs: ctx.inputs, attempt: ctx.attempt, key: ctx.idempotencyKey, input: ctx.runInput, sum: await ctx.evaluate('steps.up.output + 1') };
      return done('ok', ['no']);
    });
    const outcome = await dispatcher.dispatch(job(), hooks());
    expect(outcome).toEqual({ kind: 'succeeded', output: 'ok', handles: ['no'], outputChars: 4 }); // '"ok"': the size the run's bound counts
    expect(seen).toEqual({ config: { n: 1 }, inputs: { up: 5 }, attempt: 2, key: 'run_1:thing_1:2', input: { q: 'x' }, sum: 6 });
  });

  it('forwards usage and partial output to the hooks', async () => {
    const dispatcher = dispatcherFor(async (ctx) => {
      ctx.reportUsage({ model: 'm', tokensIn: 1, tokensOut: 2, costUsd: 0.5 });
      ctx.emitPartial('chunk');
      return done(null, ['yes']);
    });
    const h = hooks();
    await dispatcher.dispatch(job(), h);
    expect(h.usage).toEqual([{ model: 'm', tokensIn: 1, tokensOut: 2, costUsd: 0.5 }]);
    expect(h.partials).toEqual(['chunk']);
  });

  it('turns a plain thrown error into a retryable NODE_FAILED naming the node', async () => {
    const outcome = await dispatcherFor(async () => {
      throw new Error('socket hang up');
    }).dispatch(job(), hooks());
    expect(outcome).toEqual({
      kind: 'failed',
      error: { code: 'NODE_FAILED', message: 'Node "thing_1" (thing): socket hang up', retryable: true, nodeId: 'thing_1', attempt: 2 },
    });
  });

  it('keeps the code and retryable flag of a NodeError; other AppErrors are not retried', async () => {
    const nodeError = await dispatcherFor(async () => {
      throw new NodeError('NODE_FAILED', 'HTTP 400', { retryable: false });
    }).dispatch(job(), hooks());
    expect(nodeError).toMatchObject({ error: { code: 'NODE_FAILED', retryable: false } });
    const budget = await dispatcherFor(async () => {
      throw new AppError('BUDGET_EXCEEDED', 'over budget');
    }).dispatch(job(), hooks());
    expect(budget).toMatchObject({ error: { code: 'BUDGET_EXCEEDED', message: 'Node "thing_1" (thing): over budget', retryable: false } });
  });

  it('reports the abort reason when execute rejects because its signal aborted', async () => {
    const controller = new AbortController();
    const dispatcher = dispatcherFor(async (ctx) => {
      controller.abort(new NodeError('NODE_TIMEOUT', 'timed out after 5 ms', { retryable: true }));
      throw ctx.signal.reason instanceof Error ? new Error('AbortError') : new Error('?');
    });
    const outcome = await dispatcher.dispatch(job(), hooks(controller.signal));
    expect(outcome).toMatchObject({ error: { code: 'NODE_TIMEOUT', retryable: true } });
  });

  it('fails a result that takes a handle the type does not have', async () => {
    const outcome = await dispatcherFor(async () => done(1, ['maybe'])).dispatch(job(), hooks());
    expect(outcome).toMatchObject({ error: { code: 'NODE_FAILED', retryable: false, message: 'Node "thing_1" (thing): took handle "maybe", which is not one of its outputs' } });
  });

  it('fails an unknown node type and a config that does not parse, without retry', async () => {
    const dispatcher = dispatcherFor(async () => done(1));
    expect(await dispatcher.dispatch(job({ nodeType: 'gone' }), hooks())).toMatchObject({ error: { code: 'GRAPH_INVALID', retryable: false } });
    expect(await dispatcher.dispatch(job({ config: { n: 'one' } }), hooks())).toMatchObject({
      error: { code: 'NODE_CONFIG_INVALID', message: 'Node "thing_1" (thing): config.n must be a number; got "one"', retryable: false },
    });
  });
});
