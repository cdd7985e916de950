/**
 * The run's steps in execution order and where each sits on the run's time axis: a bar from its start to
 * its end, after a lighter stretch for the time it waited in the queue. Bars that overlap ran in parallel.
 */
/** Times in epoch milliseconds. */
interface TimedStep {
  nodeId: string;
  status: string;
  startedMs: number | null;
  finishedMs: number | null;
}

export interface TimelineBar {
  /** Percent of the axis: where the wait starts, where the work starts, how long the work lasts. */
  queuedAt: number;
  startsAt: number;
  width: number;
}

/** By start time; steps that never started come last, in node id order. */
export function executionOrder<T extends TimedStep>(steps: readonly T[]): T[] {
  const time = (step: T) => step.startedMs ?? Infinity;
  return [...steps].sort((a, b) => time(a) - time(b) || a.nodeId.localeCompare(b.nodeId));
}

/** The axis: from the run's start (else its first step's) to its end, or to now while it runs. */
export function timeAxis(run: { startedAt: Date | null; finishedAt: Date | null }, steps: readonly TimedStep[], now: number): { start: number; end: number } | null {
  const starts = steps.flatMap((step) => (step.startedMs === null ? [] : [step.startedMs]));
  const start = run.startedAt?.getTime() ?? (starts.length > 0 ? Math.min(...starts) : null);
  if (start === null) return null;
  const ends = steps.flatMap((step) => (step.finishedMs === null ? [] : [step.finishedMs]));
  const end = run.finishedAt?.getTime() ?? Math.max(now, ...ends);
  return { start, end: Math.max(end, start + 1) };
}

/** `queuedMs`: when the step's first attempt was queued, if known. */
export function timelineBar(step: TimedStep & { queuedMs: number | null }, axis: { start: number; end: number }, now: number): TimelineBar | null {
  if (step.startedMs === null) return null;
  const span = axis.end - axis.start;
  const at = (time: number) => Math.min(100, Math.max(0, ((time - axis.start) / span) * 100));
  const started = step.startedMs;
  const queued = Math.min(started, step.queuedMs ?? started);
  const ended = step.finishedMs ?? now;
  const startsAt = at(started);
  // At least a sliver, so a step of a few milliseconds still shows where it ran.
  return { queuedAt: at(queued), startsAt, width: Math.max(0.5, at(ended) - startsAt) };
}

/**
 * "Now" on the run's axis: the newest time its data holds, and while it is still going the clock too, so a
 * step that runs or waits without a new event still grows. Never before the data's newest time: the
 * browser's clock may lag the server's.
 */
export function runNow(run: { startedAt: Date | null; finishedAt: Date | null }, steps: readonly TimedStep[], isActive: boolean, clockMs: number): number {
  let latest = Math.max(run.startedAt?.getTime() ?? 0, run.finishedAt?.getTime() ?? 0);
  for (const step of steps) latest = Math.max(latest, step.startedMs ?? 0, step.finishedMs ?? 0);
  return isActive ? Math.max(latest, clockMs) : latest;
}
