/** Accounts: sign-up with a password, password sign-in, and sign-in through GitHub or OIDC. */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { InputError, AppError } from '@/server/errors';
import { hashPassword, passwordSchema, verifyPassword } from './password';
import { signInLimiter, type RateLimiter } from './rate-limit';

export const emailSchema = z
  .email({ message: 'Enter a valid email address' })
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const signUpSchema = z.strictObject({
  name: z.string().trim().min(1, 'Enter your name').max(100, 'Name must be at most 100 characters'),
  email: emailSchema,
  password: passwordSchema,
});

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export async function signUp(db: PrismaClient, input: z.input<typeof signUpSchema>): Promise<SessionUser> {
  const data = signUpSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await db.user.create({ data: { email: data.email, name: data.name, passwordHash } });
    return { id: user.id, email: user.email, name: user.name };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new InputError('An account with this email already exists. Sign in instead.', [
        { path: 'email', message: 'An account with this email already exists' },
      ], 'CONFLICT');
    }
    throw error;
  }
}

export const GENERIC_SIGN_IN_ERROR = 'Wrong email or password';

/** Checks a password sign-in. Wrong email and wrong password give the same message. */
export async function checkCredentials(
  db: PrismaClient,
  rawEmail: string,
  password: string,
  limiter: RateLimiter = signInLimiter,
): Promise<SessionUser> {
  const parsed = emailSchema.safeParse(rawEmail);
  if (!parsed.success || !password) throw new AppError('UNAUTHORIZED', GENERIC_SIGN_IN_ERROR);
  const email = parsed.data;
  const wait = limiter.retryAfterMs(email);
  if (wait > 0) {
    throw new AppError('RATE_LIMITED', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} minutes.`);
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    limiter.recordFailure(email);
    throw new AppError('UNAUTHORIZED', GENERIC_SIGN_IN_ERROR);
  }
  limiter.reset(email);
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
