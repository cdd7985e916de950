import { describe, expect, it } from 'vitest';
import { fieldProblems, fieldsOf, schemaOf, type InputField } from './input-schema';
import { referencesFor, upstreamIds } from './upstream';

const field = (patch: Partial<InputField>): InputField => ({ name: 'f', type: 'string', isRequired: false, options: '', defaultValue: '', ...patch });

describe('input schema builder', () => {
  it('turns fields into a JSON Schema and back', () => {
    const fields = [field({ name: 'topic', isRequired: true }), field({ name: 'depth', type: 'integer', options: '1, 2, 3', defaultValue: '2' })];
    const schema = schemaOf(fields);
    expect(schema).toEqual({
      type: 'object',
      properties: { topic: { type: 'string' }, depth: { type: 'integer', enum: [1, 2, 3], default: 2 } },
      required: ['topic'],
    });
    expect(fieldsOf(schema)).toEqual(fields.map((f) => (f.name === 'depth' ? { ...f, options: '1, 2, 3' } : f)));
  });

  it('leaves the setting out when there are no fields', () => {
    expect(schemaOf([])).toBeUndefined();
  });

  it('names problems in words', () => {
    expect(fieldProblems([field({ name: '' }), field({ name: 'n', type: 'number', defaultValue: 'many' }), field({ name: 'n' })])).toEqual([
      'Field 1: enter a name',
      'n: values and default must be numbers',
      'n: the name is used twice',
    ]);
  });
});

describe('expression references', () => {
  const edges = [
    { id: 'e1', source: 'input', target: 'a' },
    { id: 'e2', source: 'a', target: 'b' },
    { id: 'e3', source: 'x', target: 'c' },
  ];
  it('lists only the steps upstream of a node', () => {
    expect(upstreamIds(edges, 'b')).toEqual(['a', 'input']);
    expect(upstreamIds(edges, 'input')).toEqual([]);
  });
  it('adds the input fields', () => {
    expect(referencesFor([], edges, 'a', { properties: { topic: {} } })).toEqual(['steps.input.output', 'input.topic']);
  });
});
