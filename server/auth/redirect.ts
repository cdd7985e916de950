/** Where next-auth may send a browser: only back onto this app. */
import type { CallbacksOptions } from 'next-auth';
import { safeCallbackUrl } from '@/components/auth/callback-url';
import { env } from '@/server/env';

/** The app's public origin: where next-auth sends people back to, and what callback URLs must stay on. */
export function appOrigin(): string {
  return new URL(env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).origin;
}

/**
 * next-auth's redirect callback (after sign-in, sign-out, OAuth), with the same check as the sign-in
 * form so that a crafted callbackUrl cannot leave the site on the server's side either. next-auth's
 * default accepts any value that starts with `/`, which `/\t/evil.example` does.
 */
export const redirectCallback: CallbacksOptions['redirect'] = ({ url, baseUrl }) =>
  new URL(safeCallbackUrl(url, baseUrl), baseUrl).toString();
