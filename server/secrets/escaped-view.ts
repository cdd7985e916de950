/**
 * A text with its HTML character references and JSON backslash escapes decoded, and for each decoded
 * code unit the span of the original text it came from. Redaction searches the decoded text, so a secret
 * echoed with any mix of escapes (`a&lt;b>&amp;c&quot;d`, `\"`, `\u00e9`) is found, and replaces the
 * original span.
 */

// Named references limited to the characters escapers use; numeric references cover the rest.
const REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/y;
const BACKSLASH = /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/y;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const SHORT: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export interface EscapedView {
  text: string;
  /** Original index where decoded unit i starts, and where it ends (exclusive). */
  starts: Uint32Array;
  ends: Uint32Array;
}

export function hasEscapes(text: string): boolean {
  return text.includes('&') || text.includes('\\');
}

export function decodeEscapes(original: string): EscapedView {
  const parts: string[] = [];
  const starts = new Uint32Array(original.length);
  const ends = new Uint32Array(original.length);
  let count = 0;
  const emit = (decoded: string, from: number, to: number) => {
    parts.push(decoded);
    for (let k = 0; k < decoded.length; k += 1) {
      // A plain run maps unit to unit; an escape maps all its units to its whole span.
      const plain = decoded.length === to - from;
      starts[count] = plain ? from + k : from;
      ends[count] = plain ? from + k + 1 : to;
      count += 1;
    }
  };
  let nextAmpersand = -1;
  let nextBackslash = -1;
  for (let i = 0; i < original.length; ) {
    if (nextAmpersand !== Infinity && nextAmpersand < i) nextAmpersand = positionOr(original.indexOf('&', i));
    if (nextBackslash !== Infinity && nextBackslash < i) nextBackslash = positionOr(original.indexOf('\\', i));
    const next = Math.min(nextAmpersand, nextBackslash, original.length);
    if (next > i) {
      emit(original.slice(i, next), i, next);
      i = next;
      continue;
    }
    const decoded = decodeAt(original, i) ?? { text: original.charAt(i), length: 1 };
    emit(decoded.text, i, i + decoded.length);
    i += decoded.length;
  }
  return { text: parts.join(''), starts: starts.subarray(0, count), ends: ends.subarray(0, count) };
}

function positionOr(index: number): number {
  return index === -1 ? Infinity : index;
}

function decodeAt(text: string, index: number): { text: string; length: number } | undefined {
  const char = text.charAt(index);
  if (char === '&') {
    REFERENCE.lastIndex = index;
    const match = REFERENCE.exec(text);
    if (match === null) return undefined;
    const [whole, decimal, hex, name] = match;
    const codePoint = decimal !== undefined ? Number(decimal) : hex !== undefined ? Number.parseInt(hex, 16) : undefined;
    if (codePoint !== undefined && codePoint > 0x10ffff) return undefined;
    const decoded = codePoint !== undefined ? String.fromCodePoint(codePoint) : NAMED[name ?? ''];
    return decoded === undefined ? undefined : { text: decoded, length: whole.length };
  }
  if (char === '\\') {
    BACKSLASH.lastIndex = index;
    const match = BACKSLASH.exec(text);
    if (match === null) return undefined;
    const [whole, hex, short] = match;
    const decoded = hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : SHORT[short ?? ''];
    return decoded === undefined ? undefined : { text: decoded, length: whole.length };
  }
  return undefined;
}
