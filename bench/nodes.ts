/**
 * Node overhead: what a `code` step costs (sandbox worker start, then each call) beside a `transform`
 * step, both through the step executor with in-memory hooks; then what one expression costs in-process
 * and through the expression pool (child processes), as the server evaluates it. Prints figures only.
 *
 *   npm run bench:nodes
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_EXPRESSION_LIMITS, evaluateExpression, type ExpressionLimits } from '@/server/engine/expressions';
import type { NodeId, RunId } from '@/server/engine/graph';
import { noopLogger, type StepHooks, type StepJob } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { executeStep } from '@/server/engine/step-executor';
import { nodeRegistry } from '@/server/nodes';
import { ExpressionPool } from '@/server/sandbox/expression-pool';
import { SandboxPool } from '@/server/sandbox/pool';
import { runCode } from '@/server/sandbox/run-code';

const ROUNDS = 300;
const input = { items: Array.from({ length: 20 }, (_, i) => ({ price: i, qty: 2 })) };

function job(nodeType: string, config: unknown, i: number): StepJob {
  return {
    runId: 'bench-run' as RunId,
    nodeId: 'step' as NodeId,
    nodeName: 'step',
    nodeType,
    attempt: 1,
    isResumed: false,
    idempotencyKey: `bench:${i}`,
    config,
    inputs: { start: input },
    scope: { input, steps: { start: { output: input } }, run: { id: 'bench-run' } },
    referencedSteps: ['start'],
  };
}

const hooks = (): StepHooks => ({ signal: new AbortController().signal, onUsage: () => undefined, onPartial: () => undefined });
const deps = { registry: nodeRegistry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS };

async function perStep(nodeType: string, config: unknown): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    const outcome = await executeStep(job(nodeType, config, i), hooks(), deps);
    times.push(performance.now() - started);
    if (outcome.kind !== 'succeeded') throw new Error(`${nodeType} step failed: ${JSON.stringify(outcome)}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? Number.NaN, p95: times[Math.floor(times.length * 0.95)] ?? Number.NaN };
}

const scope = { input, steps: { start: { output: input } }, run: { id: 'bench-run' } };

async function perExpression(expression: string, limits: ExpressionLimits): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    await evaluateExpression(expression, scope, limits);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? Number.NaN, p95: times[Math.floor(times.length * 0.95)] ?? Number.NaN };
}

/** One expression's cost where the server evaluates it: a plain path here, anything else in the pool. */
async function expressionCosts(fmt: (ms: number) => string): Promise<void> {
  const pool = new ExpressionPool();
  const isolated = { ...DEFAULT_EXPRESSION_LIMITS, isolation: pool };
  const coldStart = performance.now();
  await evaluateExpression('1 + 1', scope, isolated);
  const cold = performance.now() - coldStart;
  const path = await perExpression('steps.start.output.items', isolated);
  const here = await perExpression('$sum(input.items.(price * qty))', DEFAULT_EXPRESSION_LIMITS);
  const there = await perExpression('$sum(input.items.(price * qty))', isolated);
  pool.close();
  console.log(`expressions, ${ROUNDS} each (median / p95), through evaluateExpression:`);
  console.log(`  plain path, in-process         ${fmt(path.median)} / ${fmt(path.p95)}   (steps.start.output.items)`);
  console.log(`  $sum(…), in-process            ${fmt(here.median)} / ${fmt(here.p95)}   (engine tests and benchmarks only)`);
  console.log(`  $sum(…), expression pool       ${fmt(there.median)} / ${fmt(there.p95)}   (what the server does)`);
  console.log(`  pool start + 1 call            ${fmt(cold)}   (broker + child process + jsonata and zod load; once per child)`);
}

async function main(): Promise<void> {
  const fresh = new SandboxPool({ size: 1, graceMs: 250 });
  const coldStart = performance.now();
  await runCode({ code: 'return 1', input: null, timeoutMs: 5_000, memoryBytes: 32 * 1024 * 1024, maxOutputBytes: 1024 }, fresh);
  const cold = performance.now() - coldStart;
  await fresh.close();

  const transform = await perStep('transform', { expression: '$sum(input.items.(price * qty))' });
  // The first call of the shared pool starts its worker; measure steady state after one warm-up.
  await perStep('code', { code: 'return 1' }).catch(() => undefined);
  const code = await perStep('code', { code: 'return input.run.items.reduce((sum, item) => sum + item.price * item.qty, 0)' });
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  console.log(`node overhead, ${ROUNDS} steps each (median / p95), through executeStep:`);
  console.log(`  transform step                 ${fmt(transform.median)} / ${fmt(transform.p95)}`);
  console.log(`  code step (warm worker)        ${fmt(code.median)} / ${fmt(code.p95)}   (fresh QuickJS runtime + context per call)`);
  console.log(`  sandbox worker start + 1 call  ${fmt(cold)}   (worker thread + QuickJS WebAssembly load; once per worker)`);
  await expressionCosts(fmt);
  process.exit(0);
}

void main();
