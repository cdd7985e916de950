import { describe, expect, it } from 'vitest';
import { referencedSteps } from './expression-refs';
import { evaluateExpression, evaluateTemplate, resolveTemplates, type ExpressionScope } from './expressions';

const scope: ExpressionScope = {
  input: { name: 'Ada', items: [{ price: 5 }, { price: 20 }] },
  steps: { fetch: { output: { total: 25, tags: ['a', 'b'] } } },
  run: { id: 'run_1' },
};

/** A clock that advances 1 ms per reading: time limits become deterministic, counted in evaluation steps. */
function tickingNow(): () => number {
  let now = 0;
  return () => (now += 1);
}

describe('templates', () => {
  it('yields the raw value when the string is exactly one {{ expression }}', async () => {
    expect(await evaluateTemplate('{{ steps.fetch.output }}', scope)).toEqual({ total: 25, tags: ['a', 'b'] });
    expect(await evaluateTemplate('{{ steps.fetch.output.total * 2 }}', scope)).toBe(50);
  });

  it('interpolates into text otherwise: objects as JSON, nothing as empty', async () => {
    expect(await evaluateTemplate('Hi {{ input.name }}, total {{ steps.fetch.output.total }}', scope)).toBe('Hi Ada, total 25');
    expect(await evaluateTemplate('tags={{ steps.fetch.output.tags }} x={{ input.missing }}!', scope)).toBe('tags=["a","b"] x=!');
    expect(await evaluateTemplate(' {{ 1 }}', scope)).toBe(' 1');
  });

  it('reads object constructors, strings and comments inside a template without cutting it short', async () => {
    expect(await evaluateTemplate('{{ {"a": {"b": 1}} }}', scope)).toEqual({ a: { b: 1 } });
    expect(await evaluateTemplate('{{ "}}" & input.name /* }} */ }}', scope)).toBe('}}Ada');
  });

  it('leaves strings without templates, and an unclosed {{, as they are', async () => {
    expect(await evaluateTemplate('plain', scope)).toBe('plain');
    expect(await evaluateTemplate('a {{ b', scope)).toBe('a {{ b');
  });

  it('resolves templates deeply in a config, returning values without templates untouched', async () => {
    const untouched = { retries: 3, nested: ['x'] };
    const config = { greeting: 'Hi {{ input.name }}', expensive: '{{ input.items[price > 10] }}', untouched };
    const resolved = await resolveTemplates(config, scope);
    expect(resolved).toEqual({ greeting: 'Hi Ada', expensive: { price: 20 }, untouched });
    expect((resolved as { untouched: unknown }).untouched).toBe(untouched);
  });

  it('returns plain arrays, not JSONata sequences', async () => {
    const value = await evaluateExpression('input.items.price', scope);
    expect(value).toEqual([5, 20]);
    expect(Object.keys(value as object)).toEqual(['0', '1']);
  });
});

describe('expression errors', () => {
  it('names the expression and JSONata’s reason', async () => {
    await expect(evaluateExpression('$number("abc")', scope)).rejects.toMatchObject({
      code: 'EXPRESSION_FAILED',
      message: expect.stringMatching(/^Expression "\$number\("abc"\)" failed: .*\(D3030 at position \d+\)$/),
    });
  });

  it('reports a syntax error', async () => {
    await expect(evaluateExpression('input.(', scope)).rejects.toMatchObject({ code: 'EXPRESSION_FAILED' });
  });

  it('refuses to yield a function', async () => {
    await expect(evaluateExpression('function($x) { $x }', scope)).rejects.toThrow('yields a function');
  });
});

describe('the sandbox: JSONata reaches nothing of the host', () => {
  it.each([
    'input.constructor',
    '$lookup(input, "constructor")',
    'input.__proto__',
    '$string.constructor',
    'steps.fetch.output.constructor',
  ])('%s evaluates to nothing', async (expression) => {
    expect(await evaluateExpression(expression, scope)).toBeUndefined();
  });

  it('cannot call what such a trick yields', async () => {
    await expect(evaluateExpression('input.constructor("return process")()', scope)).rejects.toMatchObject({
      code: 'EXPRESSION_FAILED',
      message: expect.stringContaining('T1006'),
    });
  });

  it('finds no prototype on the steps object, even for a step called constructor', async () => {
    const steps: Record<string, { output: unknown }> = Object.create(null);
    expect(await evaluateExpression('steps.constructor', { ...scope, steps })).toBeUndefined();
  });
});

describe('limits', () => {
  it('stops runaway tail recursion at the time limit (wall clock)', async () => {
    const started = performance.now();
    await expect(
      evaluateExpression('($f := function($x){ $f($x + 1) }; $f(1))', scope, { timeoutMs: 50, maxDepth: 1_000 }),
    ).rejects.toThrow('ran longer than 50 ms');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops a long computation at the time limit, counted deterministically', async () => {
    await expect(
      evaluateExpression('$sum([1..1000000].($ * 2))', scope, { timeoutMs: 500, maxDepth: 1_000, now: tickingNow() }),
    ).rejects.toThrow('Expression "$sum([1..1000000].($ * 2))" ran longer than 500 ms');
  });

  it('stops deep recursion at the depth limit before the call stack overflows', async () => {
    await expect(
      evaluateExpression('($f := function($x){ $x = 0 ? 0 : 1 + $f($x - 1) }; $f(100000))', scope, { timeoutMs: 10_000, maxDepth: 300 }),
    ).rejects.toThrow('exceeded the depth limit of 300');
  });

  it('leaves a cheap expression alone', async () => {
    expect(await evaluateExpression('1 + 1', scope, { timeoutMs: 5, maxDepth: 10, now: tickingNow() })).toBe(2);
  });
});

describe('referencedSteps', () => {
  it('lists the steps an expression reads, in order of first use', () => {
    expect(referencedSteps('steps.b.output + $count(steps.a.output.items) + steps.b.output')).toEqual(['b', 'a']);
    expect(referencedSteps('$.steps.c.output & $$.steps.d.output')).toEqual(['c', 'd']);
  });

  it('ignores reads it cannot see statically, and fields merely named steps', () => {
    expect(referencedSteps('$lookup(steps, "x")')).toEqual([]);
    expect(referencedSteps('input.steps.y')).toEqual([]);
  });
});
