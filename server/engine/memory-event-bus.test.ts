import { describe, expect, it } from 'vitest';
import { runIdSchema } from './graph';
import { MemoryEventBus } from './memory-event-bus';
import type { LiveEvent } from './ports';

const runA = runIdSchema.parse('run_a');
const runB = runIdSchema.parse('run_b');
const event = (runId: typeof runA, seq: number): LiveEvent => ({ type: 'run.status', status: 'RUNNING', runId, seq, at: 0 });

describe('MemoryEventBus', () => {
  it('delivers a run’s events, in order, only to that run’s subscribers', () => {
    const bus = new MemoryEventBus();
    const seen: number[] = [];
    bus.subscribe(runA, (e) => seen.push('seq' in e ? e.seq : -1));
    bus.publish([event(runA, 1), event(runB, 1), event(runA, 2)]);
    expect(seen).toEqual([1, 2]);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new MemoryEventBus();
    const seen: LiveEvent[] = [];
    const unsubscribe = bus.subscribe(runA, (e) => seen.push(e));
    unsubscribe();
    bus.publish([event(runA, 1)]);
    expect(seen).toEqual([]);
  });
});
