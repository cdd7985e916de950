/** Callers of the real tRPC router over a real test database, as a given user and team. */
import { TRPCError } from '@trpc/server';
import { randomBytes, randomInt } from 'node:crypto';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Role } from '@/server/generated/prisma/enums';
import { createCaller } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';
import type { PrivateNetworkSetting } from '@/server/net/private-network-setting';

export interface CallerOptions {
  user: { userId: string; email: string } | null;
  activeTeamId?: string | null;
  runtime?: RunRuntime;
  /** The caller's client address (sign-up limits); a fresh one per caller when not given. */
  clientAddress?: string;
  /** The installation's ALLOW_PRIVATE_NETWORK as this caller's server sees it; env's when not given. */
  privateNetwork?: PrivateNetworkSetting;
}

// One engine per test database, as one per process in production.
const runtimes = new WeakMap<PrismaClient, RunRuntime>();
export function runtimeFor(db: PrismaClient): RunRuntime {
  let runtime = runtimes.get(db);
  if (!runtime) {
    runtime = createRunRuntime(db);
    runtimes.set(db, runtime);
  }
  return runtime;
}

/** `state` receives the team a procedure switched to (the cookie a browser would get). */
export function callerFor(db: PrismaClient, opts: CallerOptions, state: { activeTeamId: string | null } = { activeTeamId: null }) {
  state.activeTeamId = opts.activeTeamId ?? null;
  const ctx: Context = {
    db,
    runtime: () => opts.runtime ?? runtimeFor(db),
    user: opts.user,
    clientAddress: opts.clientAddress ?? testAddress(),
    activeTeamId: state.activeTeamId,
    ...(opts.privateNetwork === undefined ? {} : { privateNetwork: opts.privateNetwork }),
    setActiveTeam(teamId) {
      state.activeTeamId = teamId;
    },
  };
  return createCaller(ctx);
}

/** A random address in 198.18.0.0/15 (set aside for tests), so callers do not share sign-up limits. */
export const testAddress = () => `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(256)}`;

export const uniqueEmail = (prefix = 'user') => `${prefix}-${randomBytes(4).toString('hex')}@example.test`;

export async function makeUser(db: PrismaClient, prefix = 'user') {
  const email = uniqueEmail(prefix);
  const user = await db.user.create({ data: { email, name: prefix } });
  return { userId: user.id, email };
}

/** A team with one member per role (and the owner who made it). */
export async function makeTeam(db: PrismaClient, name = 'Team') {
  const team = await db.team.create({ data: { name } });
  const members = {} as Record<Role, { userId: string; email: string }>;
  for (const role of ['OWNER', 'EDITOR', 'APPROVER', 'VIEWER'] as const) {
    const user = await makeUser(db, `${name.toLowerCase().replace(/\W/g, '')}-${role.toLowerCase()}`);
    await db.membership.create({ data: { teamId: team.id, userId: user.userId, role } });
    members[role] = user;
  }
  const as = (role: Role) => callerFor(db, { user: members[role], activeTeamId: team.id });
  return { id: team.id, members, as };
}

/**
 * A mastery of the team whose current version holds `graph` (as the editor would save it).
 * The evolver is off on these masteries: its proposals replay a failed run, which would call the same
 * local test servers (HTTP, the mock model) that a test counts. Evolution tests turn it on themselves.
 */
export async function makeMasteryWithGraph(db: PrismaClient, teamId: string, graph: unknown, name = 'Graph under test') {
  const mastery = await db.mastery.create({ data: { teamId, name: `${name} ${randomBytes(3).toString('hex')}`, evolverMode: 'OFF' } });
  const version = await db.masteryVersion.create({
    data: { masteryId: mastery.id, number: 1, graph: graph as object, status: 'PUBLISHED' },
  });
  await db.mastery.update({ where: { id: mastery.id }, data: { currentVersionId: version.id } });
  return { masteryId: mastery.id, versionId: version.id };
}

/** 'OK', or the tRPC code a call failed with (any other error fails the test). */
export async function outcomeCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** 'OK', or "CODE: message" of the tRPC error a call failed with. */
export async function outcomeText(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

/** The tRPC error a call failed with; fails the test when the call succeeded. */
export async function trpcFailure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
