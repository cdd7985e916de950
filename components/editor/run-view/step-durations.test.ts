import { describe, expect, it } from 'vitest';
import { nextAttemptText, stepTimes, stepTimesText } from './step-durations';

const at = (ms: number) => new Date(1_000_000 + ms);
const attempt = (start: number, end: number) => ({ startedAt: at(start), finishedAt: at(end), durationMs: end - start });

describe('the times of a step', () => {
  it('tells a retried step by the time its attempts ran, as the run row does, and the waits between them', () => {
    // Three attempts of 2,000 + 2,030 + 4,000 ms, with 1,000 and 1,870 ms of retry delay between them.
    const attempts = [attempt(0, 2_000), attempt(3_000, 5_030), attempt(6_900, 10_900)];
    const times = stepTimes({ startedAt: at(0), finishedAt: at(10_900) }, attempts);
    expect(times).toEqual({ runningMs: 8_030, totalMs: 10_900, betweenMs: 2_870 });
    expect(stepTimesText(times)).toBe('8.03 s running · 10.9 s in all, incl. 2.87 s between attempts');
  });

  it('gives one figure for a step that ran once, or has not ended', () => {
    expect(stepTimesText(stepTimes({ startedAt: at(0), finishedAt: at(1_250) }, [attempt(0, 1_245)]))).toBe('1.25 s');
    expect(stepTimesText(stepTimes({ startedAt: at(0), finishedAt: null }, []))).toBe('—');
  });
});

describe('the next attempt of a retrying step', () => {
  it('counts down the whole seconds left, then says it starts now', () => {
    expect(nextAttemptText(2, at(4_200), at(0).getTime())).toBe('Attempt 2 starts in 5 s');
    expect(nextAttemptText(2, at(4_200), at(4_000).getTime())).toBe('Attempt 2 starts in 1 s');
    expect(nextAttemptText(3, at(4_200), at(4_500).getTime())).toBe('Attempt 3 starts now');
  });
});
