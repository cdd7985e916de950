/**
 * Failed sign-ins per key in a sliding window. In memory: one machine holds the web process by default;
 * with several web processes each keeps its own window (the limit then applies per process).
 */
export interface RateLimiter {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  recordFailure(key: string): void;
  reset(key: string): void;
}

export function createRateLimiter(opts: { maxFailures: number; windowMs: number; now?: () => number }): RateLimiter {
  const now = opts.now ?? Date.now;
  const failures = new Map<string, number[]>();
  const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < opts.windowMs);
  return {
    retryAfterMs(key) {
      const times = recent(key);
      failures.set(key, times);
      if (times.length < opts.maxFailures) return 0;
      const oldest = times[times.length - opts.maxFailures] ?? now();
      return Math.max(0, oldest + opts.windowMs - now());
    },
    recordFailure(key) {
      const times = recent(key);
      times.push(now());
      failures.set(key, times);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}

/** Five wrong passwords for one email within 15 minutes lock that email's sign-in for the rest of the window. */
export const signInLimiter = createRateLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
