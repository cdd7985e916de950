import { describe, expect, it } from 'vitest';
import { resolveTemplates } from '@/server/engine/expressions';
import { resolveWithSecrets } from './substitute';

const scope = { input: { id: 7, tag: '{{ $secrets.KEY }}', list: [1, 2] }, steps: {}, run: { id: 'r1' } };
const resolve = (value: unknown) => resolveTemplates(value, scope);
const secrets = { KEY: 'k-123', OTHER: 'o-456' };

describe('resolveWithSecrets', () => {
  it('puts whole secrets where the config wrote them, after the other templates', async () => {
    const written = {
      url: 'https://x/{{ input.id }}?k={{$secrets.KEY}}&l={{ input.list }}',
      headers: { authorization: 'Bearer {{ $secrets.OTHER }}', plain: 'text' },
      body: { id: '{{ input.id }}', both: ['{{ $secrets.KEY }}{{ $secrets.OTHER }}'] },
    };
    expect(await resolveWithSecrets(written, secrets, resolve)).toEqual({
      url: 'https://x/7?k=k-123&l=[1,2]',
      headers: { authorization: 'Bearer o-456', plain: 'text' },
      body: { id: 7, both: ['k-123o-456'] },
    });
  });

  it('leaves a template result that reads like a secret template as text', async () => {
    expect(await resolveWithSecrets({ q: '{{ input.tag }}', k: '{{ input.tag }} {{ $secrets.KEY }}' }, secrets, resolve)).toEqual({
      q: '{{ $secrets.KEY }}',
      k: '{{ $secrets.KEY }} k-123',
    });
  });

  it('never hands a secret to the template resolver', async () => {
    const seen: unknown[] = [];
    await resolveWithSecrets({ url: 'x/{{ $secrets.KEY }}/{{ input.id }}' }, secrets, async (value) => {
      seen.push(value);
      return resolve(value);
    });
    expect(JSON.stringify(seen)).not.toMatch(/secrets|k-123/);
  });
});
