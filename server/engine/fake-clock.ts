/**
 * A clock that only moves when a test says so. `advance` fires due timers in time order and lets promise
 * reactions run after each, so a test reads like a timeline: "after 100 ms the retry starts".
 */
import type { Clock } from './ports';
import { sleepWith } from './real-clock';

interface Timer {
  at: number;
  order: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private created = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const timer: Timer = { at: this.current + Math.max(0, ms), order: this.created++, callback };
    // Sorted insert keeps firing order deterministic: by time, then by creation.
    let index = this.timers.length;
    while (index > 0 && later(this.timers[index - 1], timer)) index -= 1;
    this.timers.splice(index, 0, timer);
    return () => {
      const at = this.timers.indexOf(timer);
      if (at !== -1) this.timers.splice(at, 1);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepWith(this, ms, signal);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Time of the next timer, if any. */
  get nextAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (each followed by a flush of promise reactions). */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushMicrotasks();
    for (let timer = this.timers[0]; timer !== undefined && timer.at <= target; timer = this.timers[0]) {
      this.timers.shift();
      this.current = timer.at;
      timer.callback();
      await flushMicrotasks();
    }
    this.current = target;
  }

  /** Jumps to the next timer and fires it; false when none is pending. */
  async next(): Promise<boolean> {
    const at = this.nextAt;
    if (at === undefined) return false;
    await this.advance(at - this.current);
    return true;
  }
}

function later(a: Timer | undefined, b: Timer): boolean {
  return a !== undefined && (a.at > b.at || (a.at === b.at && a.order > b.order));
}

/** Lets every pending promise reaction run: one macrotask turn drains the whole microtask queue. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
