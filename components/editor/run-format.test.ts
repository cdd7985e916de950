import { describe, expect, it } from 'vitest';
import { defaultInput, formatCost, formatDuration, parseRunInput, runTotals } from './run-format';

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

  it('formats costs: cents, fractions of a cent, and amounts too small for four decimals as spent', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(0.0012)).toBe('$0.0012');
    expect(formatCost(0.00001)).toBe('< $0.0001');
  });

  it('sums up a run: its duration once it has finished, its tokens and its cost', () => {
    const startedAt = new Date('2025-01-01T10:00:00Z');
    const run = { startedAt, finishedAt: new Date('2025-01-01T10:00:01.200Z'), tokensIn: 100, tokensOut: 20, costUsd: 0.0012 };
    expect(runTotals(run)).toBe('1.20 s · 120 tokens · $0.0012');
    expect(runTotals({ ...run, finishedAt: null, tokensIn: 1, tokensOut: 0, costUsd: 0 })).toBe('— · 1 token · $0.00');
  });
});
