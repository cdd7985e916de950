import { expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { describeEachDb } from '@/test/db';
import { callerFor, uniqueEmail } from '@/test/api';
import { checkCredentials, GENERIC_SIGN_IN_ERROR, upsertOAuthUser } from './users';
import { createRateLimiter } from './rate-limit';
import type { AppError } from '@/server/errors';

const PASSWORD = 'correct horse battery';

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
    const user = await callerFor(db, { user: null }).auth.signUp({ name: 'Ada', email, password: PASSWORD });
    expect(user.email).toBe(email.toLowerCase());
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain(PASSWORD);
    const signedIn = await checkCredentials(db, email, PASSWORD, createRateLimiter({ maxFailures: 5, windowMs: 60_000 }));
    expect(signedIn.id).toBe(user.id);
  });

  it('refuses a duplicate email on the email field and creates nothing', async () => {
    const db = getDb().client;
    const email = uniqueEmail('dup');
    const api = callerFor(db, { user: null });
    await api.auth.signUp({ name: 'First', email, password: PASSWORD });
    const error = await failure(api.auth.signUp({ name: 'Second', email, password: PASSWORD }));
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect(((error as TRPCError).cause as AppError).issues).toEqual([{ path: 'email', message: 'An account with this email already exists' }]);
    expect(await db.user.count({ where: { email } })).toBe(1);
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
    const limiter = createRateLimiter({ maxFailures: 3, windowMs: 60_000 });
    const unknown = (await failure(checkCredentials(db, uniqueEmail('nobody'), PASSWORD, limiter))) as AppError;
    expect(unknown.message).toBe(GENERIC_SIGN_IN_ERROR);
    for (let i = 0; i < 3; i++) {
      const wrong = (await failure(checkCredentials(db, email, 'wrong password!', limiter))) as AppError;
      expect(wrong.message).toBe(GENERIC_SIGN_IN_ERROR);
    }
    const limited = (await failure(checkCredentials(db, email, PASSWORD, limiter))) as AppError;
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
