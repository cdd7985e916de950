import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXPRESSION_LIMITS, evaluateExpression } from '@/server/engine/expressions';
import { ChildPool } from './child-pool';
import { DEFAULT_EXPRESSION_POOL_OPTIONS, ExpressionPool } from './expression-pool';

const scope = { input: { n: 21 }, steps: Object.create(null) as Record<string, { output: unknown }>, run: { id: 'r1' } };

describe('expression pool warm-up', () => {
  const pools: ExpressionPool[] = [];
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.close();
  });

  it('starts every child before the first expression, which then finds one ready', async () => {
    const pool = new ExpressionPool();
    pools.push(pool);
    expect(await pool.warmUp()).toBe(DEFAULT_EXPRESSION_POOL_OPTIONS.size);
    // A second warm-up starts nothing more and finds them all ready.
    expect(await pool.warmUp()).toBe(DEFAULT_EXPRESSION_POOL_OPTIONS.size);
    expect(await evaluateExpression('input.n * 2', scope, { ...DEFAULT_EXPRESSION_LIMITS, isolation: pool })).toBe(42);
  });

  it('answers 0 when its children cannot start, and a job then fails saying why', async () => {
    const children = new ChildPool("process.stderr.write('no modules here'); process.exit(3)", { size: 1, heapMb: 64, graceMs: 100 });
    try {
      expect(await children.warmUp()).toBe(0);
      const outcome = await children.run({ kind: 'expression' }, 1_000);
      expect(outcome).toMatchObject({ kind: 'died', detail: expect.stringContaining('no modules here') as unknown });
    } finally {
      children.close();
    }
  });
});
