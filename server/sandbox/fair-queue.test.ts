import { describe, expect, it } from 'vitest';
import { FairQueue, type JobOwner } from './fair-queue';

function drain(queue: FairQueue<string>, slotsHeld?: (team: string) => number): string[] {
  const order: string[] = [];
  for (let next = queue.shift(slotsHeld); next !== undefined; next = queue.shift(slotsHeld)) order.push(next.item);
  return order;
}

const a1: JobOwner = { team: 'A', run: 'a1' };
const a2: JobOwner = { team: 'A', run: 'a2' };
const b1: JobOwner = { team: 'B', run: 'b1' };

describe('FairQueue', () => {
  it('serves teams in turn, whatever the size of their backlogs', () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 4; i += 1) queue.push(a1, `a${i}`);
    queue.push(b1, 'b1');
    queue.push(b1, 'b2');
    expect(drain(queue)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.size).toBe(0);
  });

  it('serves the runs of one team in turn', () => {
    const queue = new FairQueue<string>();
    queue.push(a1, 'x1');
    queue.push(a1, 'x2');
    queue.push(a1, 'x3');
    queue.push(a2, 'y1');
    expect(drain(queue)).toEqual(['x1', 'y1', 'x2', 'x3']);
  });

  it('gives a free slot to the waiting team holding the fewest', () => {
    const queue = new FairQueue<string>();
    queue.push(a1, 'a');
    queue.push(b1, 'b');
    const held: Record<string, number> = { A: 0, B: 2 };
    expect(queue.shift((team) => held[team] ?? 0)?.item).toBe('a');
    held.A = 1;
    held.B = 0;
    queue.push(a1, 'a-later');
    expect(queue.shift((team) => held[team] ?? 0)?.item).toBe('b');
  });

  it('takes a removed item out for good, once', () => {
    const queue = new FairQueue<string>();
    const removeFirst = queue.push(a1, 'first');
    queue.push(a1, 'second');
    const removeOther = queue.push(b1, 'other');
    expect(removeFirst()).toBe(true);
    expect(removeFirst()).toBe(false);
    expect(removeOther()).toBe(true);
    expect(queue.size).toBe(1);
    expect(drain(queue)).toEqual(['second']);
  });

  it('reports an item that already left as not removed', () => {
    const queue = new FairQueue<string>();
    const remove = queue.push(a1, 'only');
    expect(queue.shift()?.owner).toEqual(a1);
    expect(remove()).toBe(false);
    expect(queue.size).toBe(0);
  });
});
