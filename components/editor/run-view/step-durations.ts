/**
 * A step's time told one way wherever it shows: the time its attempts ran (what the run panel's row shows),
 * and, for a retried step, how long it took from its first start to its end, of which how long it waited
 * between attempts (the retry delays).
 */
import { formatStepDuration } from './step-figures';

interface TimedAttempt {
  durationMs: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface StepTimes {
  /** The attempts' durations summed, as the run panel's row sums them; null when none has one. */
  runningMs: number | null;
  /** From the step's first start to its end; null while it has not ended. */
  totalMs: number | null;
  /** Each attempt's end to the next one's start, summed. */
  betweenMs: number;
}

export function stepTimes(step: { startedAt: Date | null; finishedAt: Date | null }, attempts: readonly TimedAttempt[]): StepTimes {
  const durations = attempts.flatMap((attempt) => (attempt.durationMs === null ? [] : [attempt.durationMs]));
  let betweenMs = 0;
  attempts.forEach((attempt, index) => {
    const next = attempts[index + 1];
    if (next?.startedAt && attempt.finishedAt) betweenMs += Math.max(0, next.startedAt.getTime() - attempt.finishedAt.getTime());
  });
  return {
    runningMs: durations.length === 0 ? null : durations.reduce((sum, ms) => sum + ms, 0),
    totalMs: step.startedAt && step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
    betweenMs,
  };
}

/** "8.03 s", or for a retried step "8.03 s running · 10.9 s in all, incl. 2.87 s between attempts". */
export function stepTimesText(times: StepTimes): string {
  const running = formatStepDuration(times.runningMs ?? times.totalMs);
  if (times.betweenMs === 0 || times.runningMs === null || times.totalMs === null) return running;
  return `${running} running · ${formatStepDuration(times.totalMs)} in all, incl. ${formatStepDuration(times.betweenMs)} between attempts`;
}

/** "Attempt 3 starts in 4 s" while a step waits out its retry delay; "Attempt 3 starts now" once it is due. */
export function nextAttemptText(nextAttempt: number, retryAt: Date, nowMs: number): string {
  const seconds = Math.ceil((retryAt.getTime() - nowMs) / 1000);
  return `Attempt ${nextAttempt} starts ${seconds > 0 ? `in ${seconds} s` : 'now'}`;
}
