import { expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { describeEachDb } from '@/test/db';
import { callerFor, uniqueEmail } from '@/test/api';
import { checkCredentials, GENERIC_SIGN_IN_ERROR, upsertOAuthUser, type SignInLimits } from './users';
import { createRateLimiter } from './rate-limit';
import type { AppError } from '@/server/errors';

const PASSWORD = 'correct horse battery';
const ADDRESS = '192.0.2.1';

function limits(freeAttempts = 5): SignInLimits {
  const policy = { freeAttempts, windowMs: 60_000, baseDelayMs: 30_000, maxDelayMs: 60_000 };
  return { email: createRateLimiter(policy), address: createRateLimiter({ ...policy, freeAttempts: 100 }) };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describeEachDb('accounts', (getDb) => {
  it('signs up with a hashed password and signs in with it, email case-insensitive', async () => {
    const db = getDb().client;
    const email = uniqueEmail('Signup').toUpperCase();
    const answer = await callerFor(db, { user: null }).auth.signUp({ name: 'Ada', email, password: PASSWORD });
    expect(answer).toEqual({ email: email.toLowerCase() });
    const stored = await db.user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
    const signedIn = await checkCredentials(db, email, PASSWORD, { address: ADDRESS, limits: limits() });
    expect(signedIn.id).toBe(stored.id);
  });

  it('answers a sign-up for a taken email as for a new one, and leaves that account alone', async () => {
    const db = getDb().client;
    const email = uniqueEmail('dup');
    const api = callerFor(db, { user: null });
    const first = await api.auth.signUp({ name: 'First', email, password: PASSWORD });
    const before = await db.user.findUniqueOrThrow({ where: { email } });
    const second = await api.auth.signUp({ name: 'Second', email, password: 'another long password' });
    expect(second).toEqual(first);
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toEqual(before);
  });

  it('refuses weak passwords with a message that says why', async () => {
    const api = callerFor(getDb().client, { user: null });
    for (const [password, why] of [['short', 'at least 10'], ['password123', 'too common'], ['aaaaaaaaaaaa', '5 different']] as const) {
      const error = (await failure(api.auth.signUp({ name: 'Weak', email: uniqueEmail('weak'), password }))) as TRPCError;
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(why);
    }
  });

  it('gives the same message for a wrong password and an unknown email, then rate-limits', async () => {
    const db = getDb().client;
    const email = uniqueEmail('limit');
    await callerFor(db, { user: null }).auth.signUp({ name: 'L', email, password: PASSWORD });
    const opts = { address: ADDRESS, limits: limits(3) };
    const unknown = (await failure(checkCredentials(db, uniqueEmail('nobody'), PASSWORD, opts))) as AppError;
    expect(unknown.message).toBe(GENERIC_SIGN_IN_ERROR);
    for (let i = 0; i < 3; i++) {
      const wrong = (await failure(checkCredentials(db, email, 'wrong password!', opts))) as AppError;
      expect(wrong.message).toBe(GENERIC_SIGN_IN_ERROR);
    }
    const limited = (await failure(checkCredentials(db, email, PASSWORD, opts))) as AppError;
    expect(limited.code).toBe('RATE_LIMITED');
  });

  it('links a GitHub or OIDC sign-in to the user with the same email, once', async () => {
    const db = getDb().client;
    const email = uniqueEmail('oauth');
    const first = await upsertOAuthUser(db, { provider: 'github', providerAccountId: '42', type: 'oauth' }, { email, name: 'Octo', image: null });
    const again = await upsertOAuthUser(db, { provider: 'github', providerAccountId: '42', type: 'oauth' }, { email, name: 'Octo', image: null });
    expect(again.id).toBe(first.id);
    expect(await db.account.count({ where: { userId: first.id } })).toBe(1);
  });
});
