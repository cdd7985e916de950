/**
 * Attempts per key (an email, a client address) with a growing delay instead of a lockout: the first
 * `freeAttempts` within the window cost nothing; after that each further attempt must wait
 * `baseDelayMs`, doubling with every attempt up to `maxDelayMs`, counted from the latest one. Once the
 * delay has passed one attempt is allowed, so the right password still gets in while guessing slows to
 * a crawl. Attempts older than the window are forgotten.
 *
 * In memory: one machine holds the web process by default; with several web processes each keeps its own
 * counts (the limits then apply per process).
 */
export interface BackoffPolicy {
  freeAttempts: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Keys kept at most; the least recently used are dropped first, so made-up keys cannot grow memory. */
  maxKeys?: number;
}

export interface RateLimiter {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number;
  /** Counts an attempt; the returned function takes this one attempt back (a sign-in that succeeded). */
  record(key: string): () => void;
  /** Forgets every attempt of the key. */
  reset(key: string): void;
}

// Past this many attempts the delay is at its cap anyway; older ones add nothing.
const MAX_KEPT_BEYOND_FREE = 32;

export function createRateLimiter(policy: BackoffPolicy, now: () => number = Date.now): RateLimiter {
  const attempts = new Map<string, number[]>();
  const maxKeys = policy.maxKeys ?? 10_000;

  function recent(key: string): number[] {
    const cutoff = now() - policy.windowMs;
    return (attempts.get(key) ?? []).filter((t) => t > cutoff);
  }

  function store(key: string, times: number[]): void {
    attempts.delete(key); // re-inserted last: Map order is then least recently used first
    if (times.length === 0) return;
    attempts.set(key, times.slice(-(policy.freeAttempts + MAX_KEPT_BEYOND_FREE)));
    for (const oldest of attempts.keys()) {
      if (attempts.size <= maxKeys) break;
      attempts.delete(oldest);
    }
  }

  return {
    retryAfterMs(key) {
      const times = recent(key);
      const beyond = times.length - policy.freeAttempts;
      const latest = times.at(-1);
      if (beyond < 0 || latest === undefined) return 0;
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** beyond);
      return Math.max(0, latest + delay - now());
    },
    record(key) {
      const at = now();
      store(key, [...recent(key), at]);
      return () => {
        const times = attempts.get(key) ?? [];
        const index = times.lastIndexOf(at);
        if (index >= 0) store(key, times.toSpliced(index, 1));
      };
    },
    reset(key) {
      attempts.delete(key);
    },
  };
}

/** Seconds or minutes, rounded up, for a message a person reads: "40 seconds", "3 minutes". */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

const MINUTE = 60_000;

/**
 * Failed sign-ins. Per email: 5 free, then 30 s doubling to 15 min, so guessing one account's password
 * slows to four tries an hour. Per client address: 20 free (several people may share an office's
 * address), same delays, so one address cannot spray guesses over many accounts.
 */
export const SIGN_IN_EMAIL_POLICY: BackoffPolicy = { freeAttempts: 5, windowMs: 60 * MINUTE, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE };
export const SIGN_IN_ADDRESS_POLICY: BackoffPolicy = { ...SIGN_IN_EMAIL_POLICY, freeAttempts: 20 };
/** Sign-ups, every attempt, per client address: 10 an hour, then 1 min doubling to an hour. */
export const SIGN_UP_POLICY: BackoffPolicy = { freeAttempts: 10, windowMs: 60 * MINUTE, baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE };

export const signInLimits = { email: createRateLimiter(SIGN_IN_EMAIL_POLICY), address: createRateLimiter(SIGN_IN_ADDRESS_POLICY) };
export const signUpLimiter = createRateLimiter(SIGN_UP_POLICY);
