/** Literals written into SQL come back from the database exactly as given, whatever they hold. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { executeSimple } from './connect';
import { callJsonbFunction } from './jsonb-call';
import { dollarQuoted } from './sql-literal';

// Pieces of delimiters and of other quoting, so that texts which could end a literal early are common.
const tricky = fc
  .array(fc.constantFrom('$', '$ms', '$ms$', 'ms$', '$ms1', '$ms1$', '1$', 'm', 's', "'", '"', '\\', ';', '--', ' ', 'é', '😀'), { maxLength: 12 })
  .map((pieces) => pieces.join(''));
const anyText = fc.oneof(tricky, fc.string({ unit: 'grapheme' })).filter((text) => !text.includes('\u0000'));

it('picks a delimiter that occurs nowhere in the text, also not across its end', () => {
  expect(dollarQuoted('plain')).toBe('$ms$plain$ms$');
  expect(dollarQuoted('a $ms$ b')).toBe('$ms1$a $ms$ b$ms1$');
  expect(dollarQuoted('ends in $ms')).toBe('$ms1$ends in $ms$ms1$');
  expect(dollarQuoted('$ms$ and $ms1$')).toBe('$ms2$$ms$ and $ms1$$ms2$');
  expect(() => dollarQuoted('a\u0000b')).toThrow(/NUL/);
});

describeEachDb('SQL literals', (getDb) => {
  it('read back as the same text', async () => {
    const db = getDb().client;
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const [row] = await executeSimple(db, `SELECT ${dollarQuoted(text)}::text AS v`);
        expect(row?.v).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('carry JSON into a jsonb function unchanged', async () => {
    const db = getDb().client;
    await db.$executeRawUnsafe('CREATE OR REPLACE FUNCTION ms_test_echo(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql AS $$ SELECT jsonb_build_array(a, b) $$');
    const json = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('\\u0000'));
    await fc.assert(
      fc.asyncProperty(json, anyText, async (value, text) => {
        const sent = JSON.stringify(value);
        const [row] = await callJsonbFunction(db, 'ms_test_echo', [sent, JSON.stringify({ text })]);
        // As JSON sees it (-0 is written as 0).
        expect(row?.ms_test_echo).toEqual([JSON.parse(sent), { text }]);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a function name it would have to quote', async () => {
    expect(() => callJsonbFunction(getDb().client, 'f(); DROP TABLE "Run"; --', [])).toThrow(/not a function name/);
  });
});
