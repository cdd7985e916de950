/**
 * The expression pool shared between teams, through its real broker and child processes: one team's
 * flood of runaway expressions does not hold up another team's expression, and a job whose signal
 * aborts never runs (waiting) or is killed (running).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IsolatedEvaluation } from '@/server/engine/expressions';
import { ChildPool, type ChildOutcome } from './child-pool';
import { ExpressionPool } from './expression-pool';

const SIZE = 2;
const LIMIT_MS = 300;
// Backtracks for minutes: each evaluation runs until its child is killed at the limit.
const RUNAWAY = `$contains("${'a'.repeat(40)}!", /^(a+)+$/)`;

const evaluation = (expression: string): IsolatedEvaluation => ({
  expression,
  scope: { input: {}, steps: {}, run: { id: 'r' } },
  bindings: {},
  timeoutMs: LIMIT_MS,
  maxDepth: 400,
});

/** A child that notes each job in a file as it starts and as it ends: what ran is then plain to see. */
const MARKING_CHILD = String.raw`
const { appendFileSync } = require('node:fs');
process.on('message', (job) => {
  appendFileSync(job.file, 'start:' + job.tag + ' ');
  const until = Date.now() + job.busyMs;
  while (Date.now() < until) {}
  appendFileSync(job.file, 'end:' + job.tag + ' ');
  process.send({ id: job.id, tag: job.tag });
});
process.send({ ready: true });
`;

describe('expression pool shared between teams', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("runs another team's expression as soon as one slot frees, ahead of the flood's queued runaways", async () => {
    const pool = new ExpressionPool({ size: SIZE, heapMb: 128, graceMs: 200, maxResultChars: 1_000_000 });
    cleanups.push(() => pool.close());
    await pool.warmUp();
    const settled: string[] = [];
    const flood = Array.from({ length: 6 }, (_, i) =>
      pool.evaluate(evaluation(RUNAWAY), { team: 'A', run: 'a' }).catch(() => undefined).finally(() => settled.push(`A${i}`)),
    );
    const other = pool.evaluate(evaluation('1 + 1'), { team: 'B', run: 'b' }).finally(() => settled.push('B'));
    expect(await other).toBe(2);
    await Promise.all(flood);
    // Only the runaways already running when B's job came may end before it; first come first served put it last.
    expect(settled.indexOf('B')).toBeLessThanOrEqual(SIZE);
  });

  it('drops a waiting job whose signal aborts: it never runs, and the rest run in order', async () => {
    const file = markerFile(cleanups);
    const children = new ChildPool(MARKING_CHILD, { size: 1, heapMb: 64, graceMs: 200 });
    cleanups.push(() => children.close());
    const job = (tag: string, busyMs: number) => ({ file, tag, busyMs });
    const first = children.run(job('first', 300), 5_000, { team: 'A', run: 'a' });
    const cancelled = new AbortController();
    const dropped = children.run(job('dropped', 0), 5_000, { team: 'A', run: 'a', signal: cancelled.signal });
    const last = children.run(job('last', 0), 5_000, { team: 'A', run: 'a' });
    cancelled.abort(new Error('run cancelled'));
    expect(await dropped).toEqual({ kind: 'aborted' });
    expect(await first).toMatchObject({ kind: 'reply' });
    expect(await last).toMatchObject({ kind: 'reply' });
    expect(readFileSync(file, 'utf8')).toBe('start:first end:first start:last end:last ');
  });

  it('kills a running job whose signal aborts, freeing its slot for the next', async () => {
    const file = markerFile(cleanups);
    const children = new ChildPool(MARKING_CHILD, { size: 1, heapMb: 64, graceMs: 200 });
    cleanups.push(() => children.close());
    const stopped = new AbortController();
    const endless = children.run({ file, tag: 'endless', busyMs: 60_000 }, 60_000, { team: 'A', run: 'a', signal: stopped.signal });
    const next = children.run({ file, tag: 'next', busyMs: 0 }, 5_000, { team: 'A', run: 'a' });
    await until(() => readFileSync(file, 'utf8').includes('start:endless'));
    stopped.abort(new Error('step timed out'));
    const outcomes: ChildOutcome[] = await Promise.all([endless, next]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['aborted', 'reply']);
    // Left to run, the endless job would have held the only slot for a minute and ended first.
    expect(readFileSync(file, 'utf8')).toBe('start:endless start:next end:next ');
  });

  it('answers an evaluation whose signal aborted while it waited with the signal’s reason', async () => {
    const pool = new ExpressionPool({ size: 1, heapMb: 128, graceMs: 200, maxResultChars: 1_000_000 });
    cleanups.push(() => pool.close());
    const blocker = pool.evaluate(evaluation(RUNAWAY), { team: 'A', run: 'a' }).catch(() => undefined);
    const cancelled = new AbortController();
    const waiting = pool.evaluate(evaluation('1 + 1'), { team: 'A', run: 'a', signal: cancelled.signal });
    const reason = new Error('run cancelled');
    cancelled.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await blocker;
  });
});

function markerFile(cleanups: Array<() => void>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pool-marks-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'marks.txt');
}

async function until(isDone: () => boolean): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    try {
      if (isDone()) return;
    } catch {
      // The file does not exist yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the child never started the job');
}
