import { describe, expect, it } from 'vitest';
import { nodeIdSchema, retryPolicySchema } from './graph';
import type { StepError } from './ports';
import { backoffDelay, NO_RETRY, shouldRetry } from './retry-policy';

const policy = retryPolicySchema.parse({ maxAttempts: 5, initialDelayMs: 100, multiplier: 2, maxDelayMs: 1_000, jitter: 0.2 });
const retryable: StepError = { code: 'NODE_FAILED', message: 'x', retryable: true, nodeId: nodeIdSchema.parse('a'), attempt: 1 };

describe('backoffDelay', () => {
  it('gives the exact exponential delays when the random draw is the middle (0.5)', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, () => 0.5))).toEqual([100, 200, 400, 800]);
  });

  it('caps each delay at maxDelayMs', () => {
    expect(backoffDelay(policy, 5, () => 0.5)).toBe(1_000);
    expect(backoffDelay(policy, 30, () => 0.5)).toBe(1_000);
  });

  it('spreads the delay by ±jitter according to the random draw', () => {
    expect(backoffDelay(policy, 2, () => 0)).toBe(160);
    expect(backoffDelay(policy, 2, () => 1)).toBe(240);
    expect(backoffDelay(policy, 5, () => 1)).toBe(1_000); // capped after jitter too
  });

  it('applies no spread when jitter is 0', () => {
    expect(backoffDelay({ ...policy, jitter: 0 }, 3, () => 0.93)).toBe(400);
  });

  it('treats a broken random source as the middle draw', () => {
    expect(backoffDelay(policy, 1, () => Number.NaN)).toBe(100);
  });
});

describe('shouldRetry', () => {
  it('retries a retryable error while attempts remain', () => {
    expect(shouldRetry(policy, 4, retryable)).toBe(true);
    expect(shouldRetry(policy, 5, retryable)).toBe(false);
  });

  it('never retries an error that says a retry cannot help', () => {
    expect(shouldRetry(policy, 1, { ...retryable, retryable: false })).toBe(false);
  });

  it('never retries without a policy', () => {
    expect(shouldRetry(NO_RETRY, 1, retryable)).toBe(false);
  });
});
