/** Where this app is reached: NEXTAUTH_URL, or this machine on PORT (what `npm start` serves). */
import { env } from '@/server/env';

export function appBaseUrl(): string {
  return (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
}
