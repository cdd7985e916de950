/**
 * The code sandbox shared between teams, through its real worker threads: one team's flood of endless
 * loops does not hold up another team's script, and a waiting script whose signal aborts is dropped at
 * once rather than when its turn would have come.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool, type SandboxJob } from './pool';

const SIZE = 2;
const pool = new SandboxPool({ size: SIZE, graceMs: 100 });
afterAll(() => pool.close());

const job = (code: string, timeoutMs = 300): SandboxJob => ({ code, inputJson: 'null', timeoutMs, memoryBytes: 16 * 1024 * 1024 });

describe('code sandbox shared between teams', () => {
  it("runs another team's script as soon as one slot frees, ahead of the flood's queued loops", async () => {
    const settled: string[] = [];
    const flood = Array.from({ length: 8 }, (_, i) =>
      pool.run(job('while (true) {}'), { team: 'A', run: 'a' }).catch(() => undefined).finally(() => settled.push(`A${i}`)),
    );
    const other = pool.run(job('return 1'), { team: 'B', run: 'b' }).finally(() => settled.push('B'));
    expect(await other).toMatchObject({ kind: 'ok', json: '1' });
    await Promise.all(flood);
    // Only the loops already running when B's script came may end before it; first come first served put it last.
    expect(settled.indexOf('B')).toBeLessThanOrEqual(SIZE);
  });

  it('drops a waiting script whose signal aborts before the scripts ahead of it end', async () => {
    const settled: string[] = [];
    const ahead = Array.from({ length: SIZE }, (_, i) =>
      pool.run(job('while (true) {}'), { team: 'A', run: 'a' }).catch(() => undefined).finally(() => settled.push(`ahead${i}`)),
    );
    const cancelled = new AbortController();
    const dropped = pool.run(job('while (true) {}', 5_000), { team: 'A', run: 'a', signal: cancelled.signal }).finally(() => settled.push('dropped'));
    const reason = new Error('run cancelled');
    cancelled.abort(reason);
    await expect(dropped).rejects.toBe(reason);
    await Promise.all(ahead);
    expect(settled[0]).toBe('dropped');
  });
});
