/**
 * Every page request passes here first, for two things:
 *
 * 1. A Content Security Policy with a fresh nonce. The App Router writes inline scripts (the page's
 *    flight data) and loads its chunks from them, so a fixed `script-src 'self'` would block the app and
 *    the only static alternative is `'unsafe-inline'`, which lets an injected script run too. Next.js reads
 *    the nonce from the request's CSP header while rendering and puts it on its own scripts;
 *    `'strict-dynamic'` then trusts the chunks those scripts load. Nonces need a page rendered per
 *    request, which every page here already is (they read the session). Styles keep `'unsafe-inline'`:
 *    React Flow positions nodes with style attributes, which nonces cannot cover.
 * 2. The first line of the sign-in rule: an app page requested without a session cookie goes straight to
 *    the sign-in page. Pages still verify the session (requireUser) and every tRPC procedure checks it
 *    again; this only spares signed-out visitors a render.
 *
 * API routes are not matched: next.config.js gives them a fixed policy that allows nothing to load.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { sameOriginPath } from '@/components/auth/callback-url';
import { env } from '@/server/env';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const SIGNED_OUT_PAGES = /^\/(signin|signup|invite)(?:\/|$)/;

export function contentSecurityPolicy(nonce: string, isDev: boolean): string {
  return [
    "default-src 'self'",
    // Development only: React rebuilds stack traces with eval, and the dev server pushes updates over a socket.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    // Web workers (the canvas's auto-layout) from this origin's own files: under 'strict-dynamic' the
    // script-src fallback would refuse them, since a worker cannot carry a nonce.
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${isDev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const { pathname, search, origin } = request.nextUrl;
  const isSignedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isSignedIn && !SIGNED_OUT_PAGES.test(pathname)) {
    const target = new URL('/signin', origin);
    // The path is this request's own, but `//host/…` would read as another site once it is a callbackUrl.
    target.searchParams.set('callbackUrl', sameOriginPath(pathname + search, origin) ?? '/');
    return NextResponse.redirect(target);
  }
  const policy = contentSecurityPolicy(crypto.randomUUID().replaceAll('-', ''), env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Pages only: not API routes (they answer 401 themselves and get a fixed policy), Next.js's own files
  // or the files in public/.
  matcher: ['/((?!api|_next|icon.svg|favicon.ico|logo.svg|robots.txt).*)'],
};
