import { describe, expect, it } from 'vitest';
import { realClock } from './real-clock';

describe('realClock.sleep', () => {
  it('goes on at once for a wait of 0, before any timer fires', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await realClock.sleep(0);
    order.push('slept');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['slept', 'timer']);
  });

  it('waits for a positive wait', async () => {
    const started = performance.now();
    await realClock.sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });

  it('rejects with the abort reason, even for a wait of 0', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(realClock.sleep(0, controller.signal)).rejects.toThrow('stopped');
  });
});
