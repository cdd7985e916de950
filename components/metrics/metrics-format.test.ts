import { describe, expect, it } from 'vitest';
import { formatCount, formatDay, formatRate, parsePeriod, plural } from './metrics-format';

describe('metrics formatting', () => {
  it('reads ?days= as 7, 30 or 90 and falls back to 7', () => {
    expect(parsePeriod('30')).toBe(30);
    expect(parsePeriod('90')).toBe(90);
    expect(parsePeriod(undefined)).toBe(7);
    expect(parsePeriod('14')).toBe(7);
    expect(parsePeriod(['30', '90'])).toBe(7);
  });

  it('writes a success rate as a whole percentage, or a dash when nothing ended', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(2 / 3)).toBe('67%');
    expect(formatRate(1)).toBe('100%');
  });

  it('groups counts and pluralises', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(plural(1, 'run', 'runs')).toBe('1 run');
    expect(plural(1200, 'run', 'runs')).toBe('1,200 runs');
  });

  it('writes a UTC day short, whatever the time zone', () => {
    expect(formatDay('2025-01-03')).toBe('3 Jan');
    expect(formatDay('2025-12-31')).toBe('31 Dec');
  });
});
