import { describe, expect, it } from 'vitest';
import { secretMisuses, wholeSecretName, wholeSecretNames } from './secret-refs';

const HTTP_FIELDS = { secretFields: ['url', 'headers', 'query', 'body'], expressionFields: [] };

describe('whole secrets', () => {
  it.each([
    ['$secrets.API_TOKEN', 'API_TOKEN'],
    ['  $secrets.A_1  ', 'A_1'],
    ['$secrets.api', undefined],
    ['$secrets', undefined],
    ['$secrets.A.b', undefined],
    ['$uppercase($secrets.A)', undefined],
    ['"$secrets.A"', undefined],
  ])('reads %j as the whole secret %s', (expression, name) => {
    expect(wholeSecretName(expression)).toBe(name);
  });

  it('lists the names read whole, from strings as written', () => {
    expect(wholeSecretNames({ url: 'https://x/{{ $secrets.A_1 }}', headers: { h: '{{ "k " & $secrets.B }}', g: 'x {{$secrets.C}} {{ $secrets.A_1 }}' }, n: 1 })).toEqual(['A_1', 'C']);
  });

  it('allows whole secrets in secret fields and refuses every other use, naming the field', () => {
    const config = {
      url: 'https://x/{{ $secrets.A }}?k={{ $lowercase($secrets.A) }}',
      headers: { ok: 'Bearer {{ $secrets.A }}', bad: '{{ $secrets }}' },
      query: { name: '{{ $secrets.lower }}' },
      body: { deep: ['{{ $secrets.A }}', '{{ $string($secrets) }}'] },
      method: '{{ $secrets.A }}',
    };
    expect(secretMisuses(config, HTTP_FIELDS).map((misuse) => misuse.field)).toEqual([
      'config.url',
      'config.headers.bad',
      'config.query.name',
      'config.body.deep.1',
      'config.method',
    ]);
    expect(secretMisuses({ expression: '$secrets.A', text: 'no secret here' }, { secretFields: [], expressionFields: ['expression'] })).toEqual([
      { field: 'config.expression', reason: 'reads $secrets in a raw expression ($secrets.A)' },
    ]);
  });
});
