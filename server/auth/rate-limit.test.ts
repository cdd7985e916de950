import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('sign-in rate limit', () => {
  it('locks a key after the allowed failures and frees it when the window has passed', () => {
    let now = 0;
    const limiter = createRateLimiter({ maxFailures: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('a')).toBe(0);
      limiter.recordFailure('a');
      now += 100;
    }
    expect(limiter.retryAfterMs('a')).toBe(700);
    expect(limiter.retryAfterMs('b')).toBe(0);
    now = 1001;
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const limiter = createRateLimiter({ maxFailures: 2, windowMs: 1000, now: () => 0 });
    limiter.recordFailure('a');
    limiter.reset('a');
    limiter.recordFailure('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
  });
});
