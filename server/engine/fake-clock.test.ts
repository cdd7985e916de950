import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock';
import { realClock } from './real-clock';

describe('FakeClock', () => {
  it('fires timers in time order, then creation order, as time advances', async () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    await clock.advance(15);
    expect(fired).toEqual(['a@10']);
    expect(clock.now()).toBe(15);
    await clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
  });

  it('lets promise chains started by a timer run before the next timer fires', async () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    void clock.sleep(10).then(async () => {
      await Promise.resolve();
      seen.push(`after sleep at ${clock.now()}`);
    });
    clock.setTimeout(() => seen.push('second timer'), 10);
    await clock.advance(10);
    expect(seen).toEqual(['after sleep at 10', 'second timer']);
  });

  it('cancels a timer', async () => {
    const clock = new FakeClock(0);
    let isFired = false;
    const cancel = clock.setTimeout(() => (isFired = true), 5);
    cancel();
    await clock.advance(10);
    expect(isFired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a sleep with the abort reason at once', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort('stop');
    await expect(sleeping).rejects.toBe('stop');
    expect(clock.pendingTimers).toBe(0);
  });

  it('jumps to the next timer', async () => {
    const clock = new FakeClock(100);
    clock.setTimeout(() => undefined, 42);
    expect(await clock.next()).toBe(true);
    expect(clock.now()).toBe(142);
    expect(await clock.next()).toBe(false);
  });
});

describe('realClock', () => {
  it('rejects a sleep whose signal is already aborted without waiting', async () => {
    await expect(realClock.sleep(60_000, AbortSignal.abort('no'))).rejects.toBe('no');
  });
});
