/**
 * Where to go after signing in. Only paths on this site are accepted, so a crafted link cannot send a
 * person elsewhere after they sign in (an open redirect). `//host` and `/\host` are other sites too.
 */
export function safeCallbackUrl(raw: string | string[] | null | undefined, fallback = '/masteries'): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/signin') || value.startsWith('/signup')) return fallback;
  return value;
}

/** A sign-in or sign-up link that keeps the place to return to. */
export function withCallback(path: '/signin' | '/signup', callbackUrl: string): string {
  return callbackUrl === '/masteries' ? path : `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
