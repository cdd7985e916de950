/**
 * Where to go after signing in. Only places on this site are accepted, so that a crafted link cannot
 * send a person elsewhere once they have signed in (an open redirect).
 *
 * The value is resolved against the app's origin the way a browser resolves it — tabs and newlines
 * dropped, `\` read as `/`, so `/\t/evil.example`, `//evil.example` and `/\evil.example` all name another
 * host — and only a result on the same origin is kept, as its path. The browser is then sent to that
 * normalised path, never to the raw text, so what was checked is exactly where it goes.
 */
export const DEFAULT_CALLBACK = '/masteries';

/** The path (with query and hash) `raw` leads to when it stays on `origin`; null when it leaves it. */
export function sameOriginPath(raw: string, origin: string): string | null {
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin) return null;
  const path = url.pathname + url.search + url.hash;
  // Dot segments can normalise to `//host` (`/.//evil.example`): a path that would leave the origin when
  // the browser resolves it again is refused too.
  return new URL(path, base).origin === base.origin ? path : null;
}

/**
 * A safe place to go after signing in: a same-origin path, and never the sign-in or sign-up pages
 * themselves (that would loop). Anything else becomes `fallback`.
 */
export function safeCallbackUrl(raw: string | string[] | null | undefined, origin: string, fallback = DEFAULT_CALLBACK): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return fallback;
  const path = sameOriginPath(value, origin);
  if (path === null || isAuthPage(path)) return fallback;
  return path;
}

function isAuthPage(path: string): boolean {
  return /^\/(signin|signup)(?:[/?#]|$)/.test(path);
}

/** A sign-in or sign-up link that keeps the place to return to. */
export function withCallback(path: '/signin' | '/signup', callbackUrl: string): string {
  return callbackUrl === DEFAULT_CALLBACK ? path : `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
