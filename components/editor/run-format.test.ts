import { describe, expect, it } from 'vitest';
import { defaultInput, formatDuration, parseRunInput } from './run-format';

describe('run input in the editor', () => {
  it('prefills the defaults of the input schema', () => {
    const schema = { type: 'object', properties: { region: { type: 'string', default: 'north' }, limit: { type: 'integer' } } };
    expect(defaultInput(schema)).toEqual({ region: 'north' });
    expect(defaultInput(undefined)).toEqual({});
  });

  it('accepts a JSON object and explains anything else', () => {
    expect(parseRunInput('{ "region": "south" }')).toEqual({ input: { region: 'south' } });
    expect(parseRunInput('')).toEqual({ input: {} });
    expect(parseRunInput('[1]')).toHaveProperty('problem');
    expect(parseRunInput('{ region')).toHaveProperty('problem');
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
  });
});
