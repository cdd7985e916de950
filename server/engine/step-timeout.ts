/**
 * A step attempt with a time limit. When the limit passes, the attempt's signal is aborted *and* the
 * caller stops waiting at once: a node that ignores its signal (a stuck socket, a busy loop between
 * awaits) cannot hold the run, its late result is simply dropped.
 */
import { NodeError } from '@/server/errors';
import type { Clock } from './ports';

export interface TimeoutOptions<T> {
  clock: Clock;
  /** No limit when undefined: the attempt then shares the parent signal (no timer, no controller). */
  timeoutMs: number | undefined;
  /** The run's signal: aborting it (cancel) aborts the attempt too. */
  parent: AbortSignal;
  /** The value to resolve with when the time limit passes first. */
  onTimeout: (error: NodeError) => T;
}

export function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, options: TimeoutOptions<T>): Promise<T> {
  const { clock, timeoutMs, parent, onTimeout } = options;
  if (timeoutMs === undefined) return work(parent);
  const controller = new AbortController();
  const forward = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', forward, { once: true });

  return new Promise<T>((resolve, reject) => {
    let isDecided = false;
    // The first of the work and the timer decides the result; the other is ignored.
    const decide = (): boolean => {
      if (isDecided) return false;
      isDecided = true;
      cancelTimer();
      // Removing the listener matters: thousands of steps share one run signal.
      parent.removeEventListener('abort', forward);
      return true;
    };
    const cancelTimer = clock.setTimeout(() => {
      if (!decide()) return;
      const error = new NodeError('NODE_TIMEOUT', `timed out after ${timeoutMs} ms`, { retryable: true });
      controller.abort(error);
      resolve(onTimeout(error));
    }, timeoutMs);
    work(controller.signal).then(
      (value) => {
        if (decide()) resolve(value);
      },
      (error: unknown) => {
        if (decide()) reject(error);
      },
    );
  });
}
