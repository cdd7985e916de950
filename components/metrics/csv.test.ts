import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv';

describe('CSV', () => {
  it('leaves plain fields and numbers as they are', () => {
    expect(csvField('Research and critique')).toBe('Research and critique');
    expect(csvField(0.0123)).toBe('0.0123');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling the quotes inside', () => {
    expect(csvField('Fetch, then sort')).toBe('"Fetch, then sort"');
    expect(csvField('The "best" one')).toBe('"The ""best"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('defuses fields a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-5)).toBe('-5');
  });

  it('writes a header and rows, each line ended by CRLF', () => {
    expect(toCsv(['Day', 'Runs', 'Cost (USD)'], [['2026-12-01', 3, 0.5], ['2026-12-02', 0, 0]])).toBe('Day,Runs,Cost (USD)\r\n2026-12-01,3,0.5\r\n2026-12-02,0,0\r\n');
  });
});
