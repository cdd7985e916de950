/** Builds the tRPC context from an HTTP request (route handler) or from the current request (server components). */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { db } from '@/server/db';
import { currentUser } from '@/server/auth/session';
import { clientAddress } from '@/server/auth/client-address';
import { env } from '@/server/env';
import { runRuntime } from '@/server/runs/process-runtime';
import type { Context } from './trpc';

export const TEAM_COOKIE = 'ms_team';
const TEAM_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export function teamCookieHeader(teamId: string, secure: boolean): string {
  return `${TEAM_COOKIE}=${encodeURIComponent(teamId)}; Path=/; Max-Age=${TEAM_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export async function createRequestContext(opts: { resHeaders?: Headers; secure?: boolean }): Promise<Context> {
  const jar = await cookies();
  const forwardedFor = (await headers()).get('x-forwarded-for');
  return {
    db: db(),
    runtime: runRuntime,
    user: await currentUser(),
    clientAddress: clientAddress(forwardedFor, env.TRUST_PROXY_HOPS),
    activeTeamId: jar.get(TEAM_COOKIE)?.value ?? null,
    setActiveTeam(teamId) {
      opts.resHeaders?.append('Set-Cookie', teamCookieHeader(teamId, opts.secure ?? false));
    },
  };
}
