/**
 * First line of the sign-in rule: a request for an app page without a session cookie goes straight to
 * the sign-in page. Pages still verify the session itself (requireUser) and every tRPC procedure checks
 * it again; this only spares signed-out visitors a render.
 */
import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const target = new URL('/signin', request.url);
  target.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(target);
}

export const config = {
  // App pages only: not the sign-in pages, invites, API routes (they answer 401 themselves) or assets.
  matcher: ['/((?!signin|signup|invite|api|_next|icon.svg|favicon.ico).+)', '/'],
};
