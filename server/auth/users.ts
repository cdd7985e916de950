/** Accounts: sign-up with a password, password sign-in, and sign-in through GitHub or OIDC. */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError } from '@/server/errors';
import { plainText } from '@/server/plain-text';
import { hashPassword, passwordSchema, verifyPassword } from './password';
import { formatWait, signInLimits, signUpLimiter, type RateLimiter } from './rate-limit';

export const emailSchema = z
  .email({ message: 'Enter a valid email address' })
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const signUpSchema = z.strictObject({
  name: plainText().trim().min(1, 'Enter your name').max(100, 'Name must be at most 100 characters'),
  email: emailSchema,
  password: passwordSchema,
});

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** What sign-up answers: the same whether or not the email already had an account. */
export interface SignUpResult {
  email: string;
}

/**
 * Creates a password account. An email that already has an account gets the very same answer and its
 * account is left as it was, so sign-up cannot be used to learn who has an account; the form then signs
 * in with the given password, which works for a new account and tells anyone else to sign in instead.
 * The password is hashed on both paths, so they also take the same time.
 */
export async function signUp(
  db: PrismaClient,
  input: z.input<typeof signUpSchema>,
  opts: { address: string; limiter?: RateLimiter },
): Promise<SignUpResult> {
  const limiter = opts.limiter ?? signUpLimiter;
  const wait = limiter.retryAfterMs(opts.address);
  if (wait > 0) throw new AppError('RATE_LIMITED', `Too many sign-ups from your network. Try again in ${formatWait(wait)}.`);
  limiter.record(opts.address);
  const data = signUpSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    await db.user.create({ data: { email: data.email, name: data.name, passwordHash } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return { email: data.email };
}

export const GENERIC_SIGN_IN_ERROR = 'Wrong email or password';

export interface SignInLimits {
  email: RateLimiter;
  address: RateLimiter;
}

/**
 * Checks a password sign-in. Wrong email and wrong password give the same message. Attempts count per
 * email and per client address before the password is checked, so a burst of parallel guesses is
 * counted in full; a success forgets the email's count and takes back its own attempt from the address.
 */
export async function checkCredentials(
  db: PrismaClient,
  rawEmail: string,
  password: string,
  opts: { address: string; limits?: SignInLimits },
): Promise<SessionUser> {
  const limits = opts.limits ?? signInLimits;
  const parsed = emailSchema.safeParse(rawEmail);
  if (!parsed.success || !password) throw new AppError('UNAUTHORIZED', GENERIC_SIGN_IN_ERROR);
  const email = parsed.data;
  const wait = Math.max(limits.email.retryAfterMs(email), limits.address.retryAfterMs(opts.address));
  if (wait > 0) throw new AppError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${formatWait(wait)}.`);
  limits.email.record(email);
  const undoAddress = limits.address.record(opts.address);
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) throw new AppError('UNAUTHORIZED', GENERIC_SIGN_IN_ERROR);
  limits.email.reset(email);
  undoAddress();
  return { id: user.id, email: user.email, name: user.name };
}

/** GitHub / OIDC: find the linked user, or link by verified email, or create one. */
export async function upsertOAuthUser(
  db: PrismaClient,
  account: { provider: string; providerAccountId: string; type: string },
  profile: { email: string; name: string | null; image: string | null },
): Promise<SessionUser> {
  const email = emailSchema.parse(profile.email);
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
    include: { user: true },
  });
  if (linked) return { id: linked.user.id, email: linked.user.email, name: linked.user.name };
  const user = await db.user.upsert({
    where: { email },
    update: {},
    create: { email, name: profile.name, image: profile.image, emailVerified: new Date() },
  });
  await db.account.create({
    data: { userId: user.id, provider: account.provider, providerAccountId: account.providerAccountId, type: account.type },
  });
  return { id: user.id, email: user.email, name: user.name };
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
