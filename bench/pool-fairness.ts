/**
 * Another team's latency in the shared sandboxes while one team floods them, through the real pools
 * (expression children, code worker threads) at their default sizes. Team B's quick job is timed alone,
 * then behind team A's flood of runaways (each stopped at its time limit) in two ways: as its own team
 * (fair share: waits for one slot to free) and filed under A's run (one queue, what first come first
 * served gave every job before). Prints figures only.
 *
 *   npm run bench:pool-fairness
 */
import type { IsolatedEvaluation } from '@/server/engine/expressions';
import { ExpressionPool } from '@/server/sandbox/expression-pool';
import type { JobRequester } from '@/server/sandbox/fair-queue';
import { SandboxPool } from '@/server/sandbox/pool';

const FLOOD = 20;
const EXPRESSION_LIMIT_MS = 1_000;
const CODE_LIMIT_MS = 1_000;
const A: JobRequester = { team: 'A', run: 'a' };
const B: JobRequester = { team: 'B', run: 'b' };

const evaluation = (expression: string): IsolatedEvaluation => ({
  expression,
  scope: { input: {}, steps: {}, run: { id: 'r' } },
  bindings: {},
  timeoutMs: EXPRESSION_LIMIT_MS,
  maxDepth: 400,
});
const RUNAWAY = evaluation(`$contains("${'a'.repeat(40)}!", /^(a+)+$/)`);
const QUICK = evaluation('1 + 1');
const codeJob = (code: string) => ({ code, inputJson: 'null', timeoutMs: CODE_LIMIT_MS, memoryBytes: 32 * 1024 * 1024 });

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** B's latency: alone, then behind a flood as itself, then behind a flood in A's queue. */
async function measure(name: string, flood: () => Promise<unknown>, quick: (requester: JobRequester) => Promise<unknown>): Promise<void> {
  const alone = await timed(() => quick(B));
  const rows: string[] = [`${name}: B alone ${alone.toFixed(0)} ms`];
  for (const [label, requester] of [['fair share', B], ['one queue', A]] as const) {
    const flooding = Array.from({ length: FLOOD }, () => flood().catch(() => undefined));
    const latency = await timed(() => quick(requester));
    const start = performance.now();
    await Promise.all(flooding);
    rows.push(`behind ${FLOOD} runaways, ${label}: B ${latency.toFixed(0)} ms (flood drained ${(performance.now() - start).toFixed(0)} ms later)`);
  }
  console.log(rows.join('\n  '));
}

async function main(): Promise<void> {
  const expressions = new ExpressionPool();
  await expressions.warmUp();
  await measure('expressions (2 children, 1,000 ms limit)', () => expressions.evaluate(RUNAWAY, A), (requester) => expressions.evaluate(QUICK, requester));
  expressions.close();

  const code = new SandboxPool();
  await measure('code (2 workers, 1,000 ms limit)', () => code.run(codeJob('while (true) {}'), A), (requester) => code.run(codeJob('return 1'), requester));
  await code.close();
}

void main();
