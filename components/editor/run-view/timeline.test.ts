import { describe, expect, it } from 'vitest';
import { executionOrder, runNow, timeAxis, timelineBar } from './timeline';

const at = (ms: number) => new Date(1_000_000 + ms);
const ms = (time: number | null) => (time === null ? null : at(time).getTime());
const step = (nodeId: string, start: number | null, end: number | null, status = 'SUCCEEDED', queued: number | null = null) => ({
  nodeId,
  status,
  startedMs: ms(start),
  finishedMs: ms(end),
  queuedMs: ms(queued),
});

describe('executionOrder', () => {
  it('orders steps by start time, not by node id, with steps not started last', () => {
    const steps = [step('a', 300, 400), step('b', null, null, 'PENDING'), step('c', 0, 100), step('d', 100, 300)];
    expect(executionOrder(steps).map((s) => s.nodeId)).toEqual(['c', 'd', 'a', 'b']);
  });
});

describe('timelineBar', () => {
  const run = { startedAt: at(0), finishedAt: at(1000) };

  it('places parallel steps side by side on one axis, with the queue wait before the work', () => {
    const steps = [step('left', 100, 600), step('right', 100, 400, 'SUCCEEDED', 50)];
    const axis = timeAxis(run, steps, 5_000);
    expect(axis).toEqual({ start: at(0).getTime(), end: at(1000).getTime() });
    if (!axis) return;
    expect(timelineBar(steps[0]!, axis, 5_000)).toEqual({ queuedAt: 10, startsAt: 10, width: 50 });
    expect(timelineBar(steps[1]!, axis, 5_000)).toEqual({ queuedAt: 5, startsAt: 10, width: 30 });
  });

  it('runs a step still running up to now, and has no bar for a step not started', () => {
    const running = { startedAt: at(0), finishedAt: null };
    const steps = [step('slow', 500, null, 'RUNNING'), step('next', null, null, 'PENDING')];
    const now = at(1000).getTime();
    const axis = timeAxis(running, steps, now);
    if (!axis) throw new Error('no axis');
    expect(timelineBar(steps[0]!, axis, now)).toEqual({ queuedAt: 50, startsAt: 50, width: 50 });
    expect(timelineBar(steps[1]!, axis, now)).toBeNull();
  });
});

describe('runNow', () => {
  it('follows the clock while the run goes on, so a step that sends no event still grows', () => {
    const running = { startedAt: at(0), finishedAt: null };
    const steps = [step('fast', 0, 13), step('delay', 13, null, 'RUNNING')];
    const clock = at(6_000).getTime();
    const now = runNow(running, steps, true, clock);
    expect(now).toBe(clock);
    const axis = timeAxis(running, steps, now);
    if (!axis) throw new Error('no axis');
    // The running delay spans nearly the whole axis; the 13 ms step a sliver at its start.
    expect(timelineBar(steps[1]!, axis, now)?.width).toBeGreaterThan(99);
    expect(timelineBar(steps[0]!, axis, now)?.width).toBe(0.5);
  });

  it('never goes back before the newest time the data holds, when the browser clock lags the server', () => {
    const running = { startedAt: at(0), finishedAt: null };
    expect(runNow(running, [step('a', 0, 800)], true, at(500).getTime())).toBe(at(800).getTime());
  });

  it('stops at the newest time the data holds once the run has ended', () => {
    const ended = { startedAt: at(0), finishedAt: at(900) };
    expect(runNow(ended, [step('a', 0, 800)], false, at(60_000).getTime())).toBe(at(900).getTime());
  });
});
