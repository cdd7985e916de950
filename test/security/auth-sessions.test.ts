/**
 * A session cookie is only good while the server still holds its session: signing out (or the session
 * expiring) ends it for every copy of the cookie. These run next-auth's own jwt callback logic against
 * the real database; e2e/sign-out.spec.ts replays a copied cookie against the built app.
 */
import { expect, it } from 'vitest';
import type { JWT } from 'next-auth/jwt';
import { describeEachDb } from '@/test/db';
import { makeUser } from '@/test/api';
import { closeSession, SESSION_MAX_AGE_MS, SessionClosedError, sessionJwt } from '@/server/auth/sessions';

describeEachDb('sessions', (getDb) => {
  it('opens a session on sign-in and accepts its JWT until sign-out closes it', async () => {
    const db = getDb().client;
    const { userId } = await makeUser(db, 'session');
    const token = await sessionJwt(db, { email: 'x' }, { id: userId });
    expect(token.uid).toBe(userId);
    expect(token.sid).toMatch(/^[\w-]{43}$/);
    expect(await sessionJwt(db, token, undefined)).toEqual(token);
    await closeSession(db, token.sid ?? '');
    await expect(sessionJwt(db, token, undefined)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('closes one browser without signing the others out', async () => {
    const db = getDb().client;
    const { userId } = await makeUser(db, 'two-browsers');
    const laptop = await sessionJwt(db, {}, { id: userId });
    const phone = await sessionJwt(db, {}, { id: userId });
    await closeSession(db, laptop.sid ?? '');
    await expect(sessionJwt(db, laptop, undefined)).rejects.toBeInstanceOf(SessionClosedError);
    expect(await sessionJwt(db, phone, undefined)).toEqual(phone);
  });

  it.each<[string, (own: JWT, other: JWT) => JWT]>([
    ['a JWT from before sessions were recorded (no session id)', (own) => ({ uid: own.uid })],
    ['a session id that was never issued', (own) => ({ ...own, sid: 'x'.repeat(43) })],
    ["another user's session id", (own, other) => ({ ...own, sid: other.sid })],
  ])('refuses %s', async (_, forge) => {
    const db = getDb().client;
    const own = await sessionJwt(db, {}, { id: (await makeUser(db, 'own')).userId });
    const other = await sessionJwt(db, {}, { id: (await makeUser(db, 'other')).userId });
    await expect(sessionJwt(db, forge(own, other), undefined)).rejects.toBeInstanceOf(SessionClosedError);
  });

  it('refuses an expired session, and a session in use is kept alive', async () => {
    const db = getDb().client;
    const { userId } = await makeUser(db, 'expiry');
    const token = await sessionJwt(db, {}, { id: userId });
    const sid = token.sid ?? '';
    await db.session.update({ where: { sessionToken: sid }, data: { expires: new Date(Date.now() + SESSION_MAX_AGE_MS / 2) } });
    await sessionJwt(db, token, undefined);
    const renewed = await db.session.findUniqueOrThrow({ where: { sessionToken: sid } });
    expect(renewed.expires.getTime()).toBeGreaterThan(Date.now() + SESSION_MAX_AGE_MS - 60_000);
    await db.session.update({ where: { sessionToken: sid }, data: { expires: new Date(Date.now() - 1000) } });
    await expect(sessionJwt(db, token, undefined)).rejects.toBeInstanceOf(SessionClosedError);
  });
});
