/**
 * The server's record of each signed-in browser. Sessions are JWTs (next-auth 4 requires them for
 * password sign-in), and a JWT stays valid until it expires whatever the server thinks. So each JWT
 * carries the id of a row here, every session read checks that the row is still there, and signing out
 * deletes it: a copied cookie stops working the moment its owner signs out.
 */
import { randomBytes } from 'node:crypto';
import type { JWT } from 'next-auth/jwt';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AccessError } from '@/server/errors';

export const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
// A session in use is kept alive, as next-auth keeps its cookie alive; once a day is enough writing.
const EXTEND_AFTER_MS = 24 * 60 * 60 * 1000;

/** Thrown while reading a session whose row is gone (signed out) or expired. */
export class SessionClosedError extends AccessError {
  constructor() {
    super('UNAUTHORIZED', 'Your session has ended. Sign in again.');
  }
}

/** Records a new session for the user and returns its id (random, 256 bits). */
export async function openSession(db: PrismaClient, userId: string, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  // Sessions that expired without a sign-out would stay forever; each sign-in clears its user's.
  await db.session.deleteMany({ where: { userId, expires: { lte: now } } });
  await db.session.create({ data: { sessionToken: id, userId, expires: new Date(now.getTime() + SESSION_MAX_AGE_MS) } });
  return id;
}

/** Throws SessionClosedError unless the session is open and belongs to the user. */
export async function assertSessionOpen(db: PrismaClient, sessionId: string, userId: string, now = new Date()): Promise<void> {
  const row = await db.session.findUnique({ where: { sessionToken: sessionId }, select: { userId: true, expires: true } });
  if (!row || row.userId !== userId || row.expires <= now) throw new SessionClosedError();
  if (row.expires.getTime() - now.getTime() < SESSION_MAX_AGE_MS - EXTEND_AFTER_MS) {
    await db.session.update({ where: { sessionToken: sessionId }, data: { expires: new Date(now.getTime() + SESSION_MAX_AGE_MS) } });
  }
}

export async function closeSession(db: PrismaClient, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { sessionToken: sessionId } });
}

/**
 * next-auth's jwt callback, which runs on sign-in (with the user) and on every session read: a new
 * sign-in gets a session row, and a JWT whose row is gone is refused, however valid its signature.
 */
export async function sessionJwt(db: PrismaClient, token: JWT, user: { id: string } | undefined): Promise<JWT> {
  if (user) return { ...token, uid: user.id, sid: await openSession(db, user.id) };
  if (!token.uid || !token.sid) throw new SessionClosedError();
  await assertSessionOpen(db, token.sid, token.uid);
  return token;
}
