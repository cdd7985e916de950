/** Builds the tRPC context from an HTTP request (route handler) or from the current request (server components). */
import 'server-only';
import { cookies } from 'next/headers';
import { db } from '@/server/db';
import { currentUser } from '@/server/auth/session';
import { runRuntime } from '@/server/runs/process-runtime';
import type { Context } from './trpc';

export const TEAM_COOKIE = 'ms_team';
const TEAM_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

export function teamCookieHeader(teamId: string, secure: boolean): string {
  return `${TEAM_COOKIE}=${encodeURIComponent(teamId)}; Path=/; Max-Age=${TEAM_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export async function createRequestContext(opts: { resHeaders?: Headers; secure?: boolean }): Promise<Context> {
  const jar = await cookies();
  return {
    db: db(),
    runtime: runRuntime,
    user: await currentUser(),
    activeTeamId: jar.get(TEAM_COOKIE)?.value ?? null,
    setActiveTeam(teamId) {
      opts.resHeaders?.append('Set-Cookie', teamCookieHeader(teamId, opts.secure ?? false));
    },
  };
}
