/**
 * Where a browser may be sent after signing in (or out): only onto this app. Each row is a callbackUrl
 * as it arrives (already URL-decoded, as the page and next-auth receive it) and where it leads. Add a
 * spelling here when you find a new one; both the sign-in page's check and next-auth's redirect callback
 * are held to the same table.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLBACK, safeCallbackUrl, sameOriginPath } from '@/components/auth/callback-url';
import { redirectCallback } from '@/server/auth/redirect';

const ORIGIN = 'http://app.example:3000';

// [callbackUrl, the path it resolves to; DEFAULT_CALLBACK when it would leave the app]
const CASES: readonly (readonly [string, string])[] = [
  // The app's own paths stay as they are (normalised the way the browser will read them).
  ['/masteries', '/masteries'],
  ['/masteries/abc?run=r1#step', '/masteries/abc?run=r1#step'],
  ['/invite/tok%2Fen', '/invite/tok%2Fen'],
  [`${ORIGIN}/metrics`, '/metrics'],
  ['/a/b/../c', '/a/c'],
  ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], // still encoded: a path on this app, which 404s
  // Other hosts, however spelled.
  ['/\t/evil.example', DEFAULT_CALLBACK],
  ['/\n/evil.example', DEFAULT_CALLBACK],
  ['/\r\n/evil.example', DEFAULT_CALLBACK],
  ['\t//evil.example', DEFAULT_CALLBACK],
  [' //evil.example', DEFAULT_CALLBACK],
  ['//evil.example', DEFAULT_CALLBACK],
  ['//evil.example/masteries', DEFAULT_CALLBACK],
  ['/\\evil.example', DEFAULT_CALLBACK],
  ['\\\\evil.example', DEFAULT_CALLBACK],
  ['/\\/evil.example', DEFAULT_CALLBACK],
  ['///evil.example', DEFAULT_CALLBACK],
  ['/.//evil.example', DEFAULT_CALLBACK], // dot segments normalise to //evil.example
  ['/a/..//evil.example', DEFAULT_CALLBACK],
  ['/%2e%2e//evil.example', DEFAULT_CALLBACK],
  ['https://evil.example/', DEFAULT_CALLBACK],
  ['https:evil.example', DEFAULT_CALLBACK],
  ['http://app.example:3000@evil.example/', DEFAULT_CALLBACK],
  ['http://app.example:3001/masteries', DEFAULT_CALLBACK], // another port is another origin
  ['https://app.example:3000/masteries', DEFAULT_CALLBACK], // so is another scheme
  ['//app.example:3000.evil.example/', DEFAULT_CALLBACK],
  // Not a place at all.
  ['javascript:alert(document.cookie)', DEFAULT_CALLBACK],
  ['JaVaScRiPt:alert(1)', DEFAULT_CALLBACK],
  ['\tjavascript:alert(1)', DEFAULT_CALLBACK],
  ['data:text/html,<script>alert(1)</script>', DEFAULT_CALLBACK],
  ['http://[::1', DEFAULT_CALLBACK],
  ['', DEFAULT_CALLBACK],
  // The sign-in pages themselves would loop.
  ['/signin', DEFAULT_CALLBACK],
  ['/signup?callbackUrl=%2Fmasteries', DEFAULT_CALLBACK],
  ['/signin/', DEFAULT_CALLBACK],
];

describe('callbackUrl after sign-in', () => {
  it.each(CASES)('the sign-in page sends %j to %j', (raw, expected) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe(expected);
  });

  it.each(CASES)('next-auth redirects %j to %j', async (raw, expected) => {
    expect(await redirectCallback({ url: raw, baseUrl: ORIGIN })).toBe(`${ORIGIN}${expected}`);
  });

  it('never returns a path the browser would read as another host', () => {
    for (const [raw] of CASES) {
      const path = safeCallbackUrl(raw, ORIGIN);
      expect(new URL(path, 'http://other.example').host, `${JSON.stringify(raw)} → ${path}`).toBe('other.example');
    }
  });

  it('keeps a signin-like path that is not the sign-in page', () => {
    expect(sameOriginPath('/signing-off', ORIGIN)).toBe('/signing-off');
    expect(safeCallbackUrl('/signing-off', ORIGIN)).toBe('/signing-off');
  });
});
