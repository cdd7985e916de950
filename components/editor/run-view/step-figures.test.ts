import { describe, expect, it } from 'vitest';
import { formatStepDuration, formatTokenCount, stepFigureTexts } from './step-figures';

describe('step row figures', () => {
  it('formats durations in the unit that suits them, never losing the leading digits', () => {
    expect(formatStepDuration(null)).toBe('—');
    expect(formatStepDuration(0)).toBe('0 ms');
    expect(formatStepDuration(850)).toBe('850 ms');
    expect(formatStepDuration(1050)).toBe('1.05 s');
    expect(formatStepDuration(9_999)).toBe('10.0 s');
    expect(formatStepDuration(12_340)).toBe('12.3 s');
    expect(formatStepDuration(59_949)).toBe('59.9 s');
    expect(formatStepDuration(59_990)).toBe('1:00 min');
    expect(formatStepDuration(125_000)).toBe('2:05 min');
    expect(formatStepDuration(3_720_000)).toBe('1:02 h');
    expect(formatStepDuration(-5)).toBe('—');
  });

  it('counts tokens in full below 10,000 and in thousands or millions above', () => {
    expect(formatTokenCount(950)).toBe('950');
    expect(formatTokenCount(9_950)).toBe('9,950');
    expect(formatTokenCount(12_345)).toBe('12.3k');
    expect(formatTokenCount(999_949)).toBe('999.9k');
    expect(formatTokenCount(1_234_567)).toBe('1.2M');
  });

  it('gives each figure its own text, and all of them in full for the tooltip', () => {
    expect(stepFigureTexts({ durationMs: 1050, attempts: 1, tokens: 0, costUsd: 0 })).toEqual({
      duration: '1.05 s',
      attempts: '1 attempt',
      usage: null,
      full: '1,050 ms · 1 attempt',
    });
    expect(stepFigureTexts({ durationMs: 125_000, attempts: 3, tokens: 12_345, costUsd: 0.0012 })).toEqual({
      duration: '2:05 min',
      attempts: '3 attempts',
      usage: '12.3k tok · $0.0012',
      full: '125,000 ms · 3 attempts · 12,345 tokens · $0.0012',
    });
  });
});
