/**
 * tRPC setup: the request context, the procedure kinds every router uses, and the one place where
 * domain errors become tRPC errors (with zod issues flattened into field paths for forms).
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { ZodError } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Role } from '@/server/generated/prisma/enums';
import { AppError, AccessError, type AppErrorCode, type FieldIssue } from '@/server/errors';
import { hasRole, roleLabel } from '@/server/auth/roles';
import { resolveMembership } from '@/server/teams/membership';
import { serverTransformer } from './request-data';
import type { RunRuntime } from '@/server/runs/runtime';
import type { PrivateNetworkSetting } from '@/server/net/private-network-setting';

export interface Context {
  db: PrismaClient;
  /** The run engine over the same database; built on first use. */
  runtime(): RunRuntime;
  user: { userId: string; email: string } | null;
  /** Where the request came from, as sign-up limits count it (server/auth/client-address.ts). */
  clientAddress: string;
  /** The team chosen in the team switcher (a cookie); membership is still checked on every call. */
  activeTeamId: string | null;
  setActiveTeam(teamId: string): void;
  /** The installation's ALLOW_PRIVATE_NETWORK; env's when absent (tests give their own). */
  privateNetwork?: PrivateNetworkSetting;
}

const TRPC_CODE = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_INPUT: 'BAD_REQUEST',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INVITE_INVALID: 'BAD_REQUEST',
  GRAPH_INVALID: 'BAD_REQUEST',
  GRAPH_CYCLE: 'BAD_REQUEST',
  NODE_CONFIG_INVALID: 'BAD_REQUEST',
  NODE_FAILED: 'INTERNAL_SERVER_ERROR',
  NODE_TIMEOUT: 'TIMEOUT',
  STEP_OUTPUT_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RUN_OUTPUTS_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  EXPRESSION_FAILED: 'BAD_REQUEST',
  RUN_CANCELLED: 'CONFLICT',
  BUDGET_EXCEEDED: 'FORBIDDEN',
  LLM_NOT_CONFIGURED: 'PRECONDITION_FAILED',
  LLM_RATE_LIMITED: 'TOO_MANY_REQUESTS',
  LLM_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  LLM_REQUEST_REJECTED: 'BAD_REQUEST',
  LLM_OUTPUT_INVALID: 'UNPROCESSABLE_CONTENT',
  INVALID_TRANSITION: 'CONFLICT',
  STEP_NOT_WAITING: 'CONFLICT',
  STEP_INTERRUPTED: 'INTERNAL_SERVER_ERROR',
  PROCESS_CRASHED: 'INTERNAL_SERVER_ERROR',
  RUN_STORE_FAILED: 'INTERNAL_SERVER_ERROR',
  DATABASE_REFUSED: 'INTERNAL_SERVER_ERROR',
  DATABASE_UNREACHABLE: 'SERVICE_UNAVAILABLE',
  // http, code and secrets
  SECRET_NOT_FOUND: 'NOT_FOUND',
  ADDRESS_REFUSED: 'FORBIDDEN',
  HTTP_STATUS: 'BAD_GATEWAY',
  HTTP_NETWORK: 'BAD_GATEWAY',
  RESPONSE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  CODE_FAILED: 'BAD_REQUEST',
  SANDBOX_TIMEOUT: 'TIMEOUT',
  SANDBOX_MEMORY: 'PAYLOAD_TOO_LARGE',
  // map, mastery and approval
  APPROVAL_REJECTED: 'CONFLICT',
  MASTERY_DEPTH_EXCEEDED: 'BAD_REQUEST',
  CHILD_RUN_LIMIT: 'BAD_REQUEST',
  CHILD_RUN_FAILED: 'INTERNAL_SERVER_ERROR',
  MAP_ITEM_FAILED: 'INTERNAL_SERVER_ERROR',
  NODE_SERVICE_MISSING: 'PRECONDITION_FAILED',
} as const satisfies Record<AppErrorCode, TRPC_ERROR_CODE_KEY>;

export function zodIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

const t = initTRPC.context<Context>().create({
  transformer: serverTransformer,
  // Live run views (runs.watch): a ping keeps idle streams open through proxies, and a client that hears
  // nothing for twice that long reconnects, resuming after its last event.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors =
      cause instanceof ZodError ? zodIssues(cause) : cause instanceof AppError ? [...cause.issues] : [];
    const appCode = cause instanceof AppError ? cause.code : null;
    // Internal errors keep their detail in the server log, not in the answer.
    const message = error.code === 'INTERNAL_SERVER_ERROR' && !appCode ? 'Something went wrong on the server' : shape.message;
    return { ...shape, message, data: { ...shape.data, appCode, fieldErrors } };
  },
});

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      const first = cause.issues[0];
      const message = first ? `${first.path.map(String).join('.') || 'input'}: ${first.message}` : 'Invalid input';
      throw new TRPCError({ code: 'BAD_REQUEST', message, cause });
    }
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AccessError('UNAUTHORIZED', 'Sign in to continue');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Every procedure that touches team data goes through here: the caller must be a member of the active
 * team with at least `minimum`; handlers then scope every query by `ctx.team.id`.
 */
export function teamProcedure(minimum: Role) {
  return authedProcedure.use(async ({ ctx, next }) => {
    const membership = await resolveMembership(ctx.db, ctx.user.userId, ctx.activeTeamId);
    if (!membership) {
      throw new AccessError('FORBIDDEN', 'You are not a member of any team yet. Create a team or accept an invite.');
    }
    if (!hasRole(membership.role, minimum)) {
      throw new AccessError(
        'FORBIDDEN',
        `This needs the ${roleLabel(minimum)} role or higher; you are ${roleLabel(membership.role)} in ${membership.teamName}`,
      );
    }
    return next({ ctx: { ...ctx, team: { id: membership.teamId, role: membership.role } } });
  });
}
