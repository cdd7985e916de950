/**
 * Guessing at the sign-in and sign-up doors: failed sign-ins slow down per email and per client address
 * (a growing delay, never a lockout of the right password), and sign-up neither tells whether an email
 * has an account nor can be driven in bulk from one address. Real database, real argon2, the limits'
 * real numbers on a clock the test moves.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, testAddress, trpcFailure, uniqueEmail } from '@/test/api';
import { checkCredentials, type SignInLimits } from '@/server/auth/users';
import { createRateLimiter, SIGN_IN_ADDRESS_POLICY, SIGN_IN_EMAIL_POLICY, SIGN_UP_POLICY } from '@/server/auth/rate-limit';
import { AppError } from '@/server/errors';
import type { PrismaClient } from '@/server/generated/prisma/client';

const PASSWORD = 'correct horse battery';
const WRONG = 'not the password at all';

function limitsOnClock() {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  const limits: SignInLimits = { email: createRateLimiter(SIGN_IN_EMAIL_POLICY, now), address: createRateLimiter(SIGN_IN_ADDRESS_POLICY, now) };
  return { clock, limits };
}

/** "OK", or the AppError's code and message. */
async function attempt(db: PrismaClient, email: string, password: string, address: string, limits: SignInLimits): Promise<string> {
  try {
    await checkCredentials(db, email, password, { address, limits });
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

async function makeAccount(db: PrismaClient, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  await callerFor(db, { user: null }).auth.signUp({ name: prefix, email, password: PASSWORD });
  return email;
}

describeEachDb('sign-in limits', (getDb) => {
  it('slows one email after 5 failures, from any address, and says when to retry', async () => {
    const db = getDb().client;
    const email = await makeAccount(db, 'per-email');
    const { limits } = limitsOnClock();
    for (let i = 0; i < SIGN_IN_EMAIL_POLICY.freeAttempts; i++) {
      expect(await attempt(db, email, WRONG, `203.0.113.${i}`, limits)).toBe('UNAUTHORIZED: Wrong email or password');
    }
    const limited = 'RATE_LIMITED: Too many failed sign-ins. Try again in 30 seconds.';
    expect(await attempt(db, email, PASSWORD, '203.0.113.99', limits)).toBe(limited);
    expect(await attempt(db, email, WRONG, '198.51.100.7', limits)).toBe(limited);
  });

  it('lets the right password in once the delay has passed, and then forgets the failures', async () => {
    const db = getDb().client;
    const email = await makeAccount(db, 'backoff');
    const { clock, limits } = limitsOnClock();
    const address = '203.0.113.10';
    for (let i = 0; i < SIGN_IN_EMAIL_POLICY.freeAttempts; i++) await attempt(db, email, WRONG, address, limits);
    clock.now += 29_000;
    expect(await attempt(db, email, PASSWORD, address, limits)).toBe('RATE_LIMITED: Too many failed sign-ins. Try again in 1 second.');
    clock.now += 1000;
    // One more wrong guess after the delay doubles it: 60 s.
    expect(await attempt(db, email, WRONG, address, limits)).toBe('UNAUTHORIZED: Wrong email or password');
    expect(await attempt(db, email, PASSWORD, address, limits)).toBe('RATE_LIMITED: Too many failed sign-ins. Try again in 1 minute.');
    clock.now += 60_000;
    expect(await attempt(db, email, PASSWORD, address, limits)).toBe('OK');
    expect(await attempt(db, email, WRONG, address, limits)).toBe('UNAUTHORIZED: Wrong email or password');
    expect(await attempt(db, email, PASSWORD, address, limits)).toBe('OK');
  });

  it('slows one address spraying many emails, while the same accounts still sign in from elsewhere', async () => {
    const db = getDb().client;
    const victim = await makeAccount(db, 'sprayed');
    const { clock, limits } = limitsOnClock();
    const attacker = '203.0.113.66';
    for (let i = 0; i < SIGN_IN_ADDRESS_POLICY.freeAttempts; i++) {
      expect(await attempt(db, uniqueEmail(`spray${i}`), WRONG, attacker, limits)).toBe('UNAUTHORIZED: Wrong email or password');
    }
    expect(await attempt(db, victim, PASSWORD, attacker, limits)).toBe('RATE_LIMITED: Too many failed sign-ins. Try again in 30 seconds.');
    expect(await attempt(db, victim, PASSWORD, '198.51.100.20', limits)).toBe('OK');
    clock.now += 30_000;
    expect(await attempt(db, victim, PASSWORD, attacker, limits)).toBe('OK');
  });

  it('counts a burst of parallel guesses in full', async () => {
    const db = getDb().client;
    const email = await makeAccount(db, 'burst');
    const { limits } = limitsOnClock();
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt(db, email, WRONG, '203.0.113.77', limits)));
    expect(answers.filter((a) => a.startsWith('UNAUTHORIZED'))).toHaveLength(SIGN_IN_EMAIL_POLICY.freeAttempts);
    expect(answers.filter((a) => a.startsWith('RATE_LIMITED'))).toHaveLength(12 - SIGN_IN_EMAIL_POLICY.freeAttempts);
  });
});

describeEachDb('sign-up', (getDb) => {
  it('answers a taken email exactly as a new one, and changes nothing of the existing account', async () => {
    const db = getDb().client;
    const taken = await makeAccount(db, 'taken');
    const before = await db.user.findUniqueOrThrow({ where: { email: taken }, include: { accounts: true, memberships: true } });
    const api = callerFor(db, { user: null });
    const fresh = uniqueEmail('fresh');
    const forNew = await api.auth.signUp({ name: 'New', email: fresh, password: 'another long password' });
    const forTaken = await api.auth.signUp({ name: 'Intruder', email: taken, password: 'another long password' });
    expect(Object.keys(forTaken)).toEqual(Object.keys(forNew));
    expect(forTaken).toEqual({ email: taken });
    expect(forNew).toEqual({ email: fresh });
    expect(await db.user.findUniqueOrThrow({ where: { email: taken }, include: { accounts: true, memberships: true } })).toEqual(before);
    // The person who already had the account is told to sign in: the new password opens nothing.
    const { limits } = limitsOnClock();
    expect(await attempt(db, taken, 'another long password', '203.0.113.5', limits)).toBe('UNAUTHORIZED: Wrong email or password');
    expect(await attempt(db, taken, PASSWORD, '203.0.113.5', limits)).toBe('OK');
  });

  it(`allows ${SIGN_UP_POLICY.freeAttempts} sign-ups an hour from one address, then says when to retry`, async () => {
    const db = getDb().client;
    // The sign-up limiter is the app's own (one per process), so each run takes a fresh address.
    const fromOne = callerFor(db, { user: null, clientAddress: testAddress() });
    for (let i = 0; i < SIGN_UP_POLICY.freeAttempts; i++) {
      await fromOne.auth.signUp({ name: 'Bulk', email: uniqueEmail('bulk'), password: PASSWORD });
    }
    const email = uniqueEmail('one-too-many');
    const refused = await trpcFailure(fromOne.auth.signUp({ name: 'Bulk', email, password: PASSWORD }));
    expect(`${refused.code}: ${refused.message}`).toBe('TOO_MANY_REQUESTS: Too many sign-ups from your network. Try again in 1 minute.');
    expect(await db.user.count({ where: { email } })).toBe(0);
    const fromAnother = callerFor(db, { user: null, clientAddress: testAddress() });
    expect(await fromAnother.auth.signUp({ name: 'Other', email, password: PASSWORD })).toEqual({ email });
  });
});
