import { describe, expect, it } from 'vitest';
import type { NodeError } from '@/server/errors';
import { FakeClock, flushMicrotasks } from './fake-clock';
import { withTimeout } from './step-timeout';

const onTimeout = (error: NodeError) => `timeout: ${error.message}`;

describe('withTimeout', () => {
  it('resolves with the work’s result when it finishes in time, and clears its timer', async () => {
    const clock = new FakeClock();
    const result = withTimeout((signal) => clock.sleep(50, signal).then(() => 'done'), { clock, timeoutMs: 100, parent: new AbortController().signal, onTimeout });
    await clock.advance(50);
    expect(await result).toBe('done');
    expect(clock.pendingTimers).toBe(0);
  });

  it('aborts the signal with NODE_TIMEOUT and resolves at the limit', async () => {
    const clock = new FakeClock();
    let reason: unknown;
    const result = withTimeout(
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener('abort', () => {
            reason = signal.reason;
          });
          clock.setTimeout(() => resolve('late'), 1_000);
        }),
      { clock, timeoutMs: 100, parent: new AbortController().signal, onTimeout },
    );
    await clock.advance(100);
    expect(await result).toBe('timeout: timed out after 100 ms');
    expect(reason).toMatchObject({ code: 'NODE_TIMEOUT', retryable: true });
  });

  it('stops waiting even when the work ignores its signal and never ends', async () => {
    const clock = new FakeClock();
    let isDone = false;
    const result = withTimeout(() => new Promise<string>(() => undefined), { clock, timeoutMs: 10, parent: new AbortController().signal, onTimeout });
    void result.then(() => (isDone = true));
    await clock.advance(10);
    await flushMicrotasks();
    expect(isDone).toBe(true);
  });

  it('passes the parent’s abort (a cancel) on to the work, and detaches from the parent afterwards', async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    let seen: unknown;
    const result = withTimeout(
      (signal) =>
        clock.sleep(1_000, signal).then(
          () => 'slept',
          (error: unknown) => {
            seen = error;
            return 'aborted';
          },
        ),
      { clock, timeoutMs: 5_000, parent: parent.signal, onTimeout },
    );
    parent.abort('cancelled');
    expect(await result).toBe('aborted');
    expect(seen).toBe('cancelled');
  });

  it('without a limit, runs the work on the parent signal directly', async () => {
    const clock = new FakeClock();
    const parent = new AbortController();
    let given: AbortSignal | undefined;
    const work = async (signal: AbortSignal) => {
      given = signal;
      return 'ran';
    };
    expect(await withTimeout(work, { clock, timeoutMs: undefined, parent: parent.signal, onTimeout })).toBe('ran');
    expect(given).toBe(parent.signal);
    expect(clock.pendingTimers).toBe(0);
  });
});
