/**
 * CSV as RFC 4180 writes it: fields separated by commas, lines by CRLF; a field holding a comma, a quote,
 * a line break or edge spaces is quoted, its quotes doubled. A text field that a spreadsheet would read as
 * a formula (=, +, -, @, tab, CR first: a mastery named "=HYPERLINK(…)") gets a leading apostrophe, so
 * opening the file runs nothing. Numbers are written as numbers.
 */
export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
