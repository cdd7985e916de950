import { describe, expect, it } from 'vitest';
import { formatSpentAndLimit } from './amounts';

const valueOf = (text: string) => Number(text.replace(/[$,]/g, ''));

describe('budget amounts', () => {
  it('writes three significant digits below a dollar and cents from a dollar up', () => {
    expect(formatSpentAndLimit(4.2, 5)).toEqual({ spent: '$4.20', limit: '$5.00' });
    expect(formatSpentAndLimit(0.0123, 1234.5)).toEqual({ spent: '$0.0123', limit: '$1,234.50' });
    expect(formatSpentAndLimit(0, 0.5)).toEqual({ spent: '$0.00', limit: '$0.50' });
    expect(formatSpentAndLimit(0.3, 0.3)).toEqual({ spent: '$0.30', limit: '$0.30' });
  });

  it('tells a spend past a tiny limit from the limit', () => {
    expect(formatSpentAndLimit(0.00014145, 0.0001)).toEqual({ spent: '$0.000141', limit: '$0.0001' });
  });

  it('gives two amounts that round alike more digits, until they read apart', () => {
    expect(formatSpentAndLimit(0.50001, 0.5)).toEqual({ spent: '$0.50001', limit: '$0.50' });
    expect(formatSpentAndLimit(4.999, 5)).toEqual({ spent: '$4.999', limit: '$5.00' });
    // A sum of float costs just past the limit is past it: the budget refuses, so the figure must say so.
    expect(formatSpentAndLimit(0.1 + 0.2, 0.3)).toEqual({ spent: '$0.30000000000000004', limit: '$0.30' });
  });

  it('never writes two different amounts alike, nor the larger as the smaller', () => {
    for (const limit of [0.00001, 0.0001, 0.003, 0.5, 1, 5, 250, 10_000]) {
      for (const ratio of [0, 0.5, 0.8, 0.999, 0.99999, 1, 1.00001, 1.001, 1.41, 3]) {
        const spent = limit * ratio;
        const texts = formatSpentAndLimit(spent, limit);
        expect(texts.spent === texts.limit, `${spent} of ${limit}: ${texts.spent} of ${texts.limit}`).toBe(spent === limit);
        expect(Math.sign(valueOf(texts.spent) - valueOf(texts.limit)), `${spent} of ${limit}: ${texts.spent} of ${texts.limit}`).toBe(Math.sign(spent - limit));
      }
    }
  });
});
