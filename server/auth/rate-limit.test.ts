import { describe, expect, it } from 'vitest';
import { createRateLimiter, formatWait, type BackoffPolicy } from './rate-limit';

const POLICY: BackoffPolicy = { freeAttempts: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 4000 };

function clock() {
  const state = { now: 1_000_000 };
  return { state, now: () => state.now };
}

describe('backoff rate limiter', () => {
  it('lets the free attempts through, then doubles the delay from the latest attempt up to the cap', () => {
    const { state, now } = clock();
    const limiter = createRateLimiter(POLICY, now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.record('a');
    }
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const wait = limiter.retryAfterMs('a');
      delays.push(wait);
      state.now += wait;
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.record('a');
    }
    expect(delays).toEqual([1000, 2000, 4000, 4000]);
    expect(limiter.retryAfterMs('b')).toBe(0);
  });

  it('forgets attempts older than the window', () => {
    const { state, now } = clock();
    const limiter = createRateLimiter(POLICY, now);
    for (let i = 0; i < 5; i++) limiter.record('a');
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    state.now += 60_001;
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('takes back one attempt, and forgets all of them on reset', () => {
    const { now } = clock();
    const limiter = createRateLimiter(POLICY, now);
    limiter.record('a');
    limiter.record('a');
    const undo = limiter.record('a');
    expect(limiter.retryAfterMs('a')).toBe(1000);
    undo();
    expect(limiter.retryAfterMs('a')).toBe(0);
    for (let i = 0; i < 5; i++) limiter.record('a');
    limiter.reset('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('keeps at most maxKeys keys, dropping the least recently used', () => {
    const { now } = clock();
    const limiter = createRateLimiter({ ...POLICY, freeAttempts: 0, maxKeys: 2 }, now);
    limiter.record('a');
    limiter.record('b');
    limiter.record('a');
    limiter.record('c');
    expect(limiter.retryAfterMs('b')).toBe(0);
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('c')).toBeGreaterThan(0);
  });

  it('says waits in words a person reads, rounded up', () => {
    expect([1, 1000, 1001, 59_000, 60_000, 61_000, 15 * 60_000].map(formatWait)).toEqual([
      '1 second',
      '1 second',
      '2 seconds',
      '59 seconds',
      '1 minute',
      '2 minutes',
      '15 minutes',
    ]);
  });
});
