import { describe, expect, it } from 'vitest';
import { getNiceTickValues } from 'recharts';
import { formatCostTick, formatCount, formatDay, formatRate, parsePeriod, plural } from './metrics-format';

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

describe('cost axis ticks', () => {
  it('writes each tick exactly, in as few digits as it takes', () => {
    expect([0, 0.000075, 0.00015, 0.000225, 0.0003].map(formatCostTick)).toEqual(['$0', '$0.000075', '$0.00015', '$0.000225', '$0.0003']);
    expect([0.0125, 0.025, 0.0375].map(formatCostTick)).toEqual(['$0.0125', '$0.025', '$0.0375']);
    expect([2.5, 1000].map(formatCostTick)).toEqual(['$2.50', '$1,000.00']);
    expect(formatCostTick(0.1 + 0.2)).toBe('$0.30');
  });

  it('reads back as the ticks Recharts picks, whatever the scale, so no two ticks look alike', () => {
    for (const max of [0.0000042, 0.00014, 0.00028, 0.0003, 0.0047, 0.05, 0.37, 2.6, 480, 12_345]) {
      const ticks = getNiceTickValues([0, max], 5, true);
      const labels = ticks.map(formatCostTick);
      expect(new Set(labels).size, labels.join(', ')).toBe(ticks.length);
      labels.forEach((label, i) => expect(Number(label.replace(/[$,]/g, '')), label).toBeCloseTo(ticks[i] ?? NaN, 15));
    }
  });
});
