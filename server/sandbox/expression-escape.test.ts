/**
 * `{{ }}` templates are JSONata, which has no path to host objects: the constructor tricks that break
 * out of JavaScript sandboxes yield nothing, or fail with a typed error, and never run host code.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from '@/server/engine/expressions';
import { AppError } from '@/server/errors';

const scope = { input: { name: 'x', list: [1, 2] }, steps: { a: { output: { v: 1 } } }, run: { id: 'r1' } };

async function outcome(template: string): Promise<unknown> {
  try {
    return { value: await evaluateTemplate(template, scope) };
  } catch (error) {
    if (error instanceof AppError) return { code: error.code };
    throw error;
  }
}

describe('expression escapes', () => {
  it.each([
    '{{ input.constructor }}',
    '{{ input.__proto__ }}',
    '{{ input.list.constructor }}',
    "{{ $lookup(input, 'constructor') }}",
    '{{ $.constructor }}',
    '{{ run.id.constructor }}',
    '{{ $secrets }}',
    '{{ $process }}',
  ])('%s yields nothing', async (template) => {
    expect(await outcome(template)).toEqual({ value: undefined });
  });

  it.each([
    "{{ input.constructor.constructor('return process')() }}",
    "{{ $.constructor.constructor('return process')() }}",
    "{{ $string.constructor('return process')() }}",
    "{{ $lookup($lookup(input, 'constructor'), 'constructor')('return process')() }}",
    "{{ $eval('input.constructor.constructor(\"return process\")()') }}",
    "{{ this.constructor.constructor('return process')() }}",
  ])('%s cannot call into the host', async (template) => {
    const result = await outcome(template);
    expect(JSON.stringify(result ?? null)).not.toMatch(/pid|env|versions/);
    expect([{ value: undefined }, { code: 'EXPRESSION_FAILED' }]).toContainEqual(result);
  });

  it('interpolates an escape attempt as empty text in a larger template', async () => {
    expect(await outcome("pid={{ input.constructor.constructor }} ok")).toEqual({ value: 'pid= ok' });
  });
});
