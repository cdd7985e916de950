/**
 * Exponential backoff with jitter. Random is injected so tests can pin the delays exactly;
 * jitter spreads retries of many failing steps so they do not hit a recovering service all at once.
 */
import type { RetryPolicy } from './graph';
import type { StepError } from './ports';

export const NO_RETRY: RetryPolicy = Object.freeze({
  maxAttempts: 1,
  initialDelayMs: 1000,
  multiplier: 2,
  maxDelayMs: 60_000,
  jitter: 0.2,
});

/**
 * Delay before the attempt after `failedAttempt` (1-based): `initialDelayMs · multiplier^(failedAttempt-1)`,
 * capped at `maxDelayMs`, spread by ±`jitter` (random 0.5 gives the exact base delay), capped again.
 */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (failedAttempt - 1));
  const spread = policy.jitter * (2 * clamp01(random()) - 1);
  return Math.round(Math.min(policy.maxDelayMs, Math.max(0, base * (1 + spread))));
}

/** Retry only errors that say a retry may help, while attempts remain. */
export function shouldRetry(policy: RetryPolicy, attempt: number, error: StepError): boolean {
  return error.retryable && attempt < policy.maxAttempts;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5;
}
