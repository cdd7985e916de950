/**
 * Text written into SQL as a literal, for statements sent without parameters (the embedded database's
 * simple protocol: one call into PostgreSQL where a statement with parameters takes six).
 */

/**
 * A dollar-quoted literal of `text`: PostgreSQL takes everything up to the closing delimiter as is (no
 * escapes, whatever `standard_conforming_strings` says), so the delimiter is chosen to occur nowhere in
 * the text, also not across its end (a text ending in `$ms` would otherwise close at `$ms$ms$`).
 */
export function dollarQuoted(text: string): string {
  // A NUL would end the statement's C string early: PostgreSQL text cannot hold one anyway.
  if (text.includes('\u0000')) throw new Error('A SQL literal cannot contain a NUL character');
  for (let n = 0; ; n++) {
    const delimiter = n === 0 ? '$ms$' : `$ms${n}$`;
    if ((text + delimiter).indexOf(delimiter) === text.length) return delimiter + text + delimiter;
  }
}
