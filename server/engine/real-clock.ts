/** The wall clock, for production and benchmarks. */
import type { Clock } from './ports';

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
  sleep: (ms, signal) => sleepWith(realClock, ms, signal),
};

/** `sleep` on top of any clock's setTimeout: resolves after `ms`, rejects with the abort reason at once. */
export function sleepWith(clock: Pick<Clock, 'setTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // A timer waits at least a millisecond: a delay of 0 (a placeholder, a tuned-down wait) goes on at once.
    if (ms <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
