/**
 * The one place that reads process.env. Parsed once at start-up; a bad value stops the process with a
 * message that names the variable and says what it must be.
 */
import { z } from 'zod';
import { privateNetworkSettingSchema } from './net/private-network-setting';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const postgresUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
  .optional()
  .or(z.literal('').transform(() => undefined));

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Unset: the embedded PGlite database under DATA_DIR. Set: a PostgreSQL server. */
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().trim().min(1).default('data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Reverse proxies in front of the app that append the client's address to X-Forwarded-For. 0: none,
   * the header is not trusted (rate limits then key on what Next.js passes: the connection's address).
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0, 'must be 0 or more').max(10, 'must be at most 10').default(0),
  NEXTAUTH_URL: z.url({ message: 'must be the public URL of the app, e.g. http://localhost:3000' }).optional(),
  /** Signs session tokens. Unset on one machine: generated once and kept in DATA_DIR. */
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Encrypts team secrets at rest (32 bytes, base64). Unset on one machine: generated once into DATA_DIR. */
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
    .optional(),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  OIDC_ISSUER: z.url({ message: 'must be the issuer URL of the OIDC provider' }).optional(),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.string().default('Single sign-on'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url({ message: 'must be the base URL of an OpenAI-compatible API' }).optional(),
  /** Private addresses teams may let their http steps reach: none (default), all, or listed ranges. */
  ALLOW_PRIVATE_NETWORK: privateNetworkSettingSchema,
  /** With a PostgreSQL DATABASE_URL: steps run on queue workers (`npm run worker`), events cross processes. */
  REDIS_URL: z.url({ message: 'must be a redis:// URL' }).optional(),
  /** Queue mode: false makes this web process run no steps itself (workers run them all). */
  RUN_STEPS: flag(true),
  /** Queue mode: steps one worker process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(10),
  /** Queue mode: a running step whose worker has not renewed its lease for this long runs again elsewhere. */
  WORKER_LEASE_MS: z.coerce.number().int().min(500, 'must be at least 500').default(15_000),
  /** Queue mode: on SIGTERM, how long a worker lets running steps finish before it hands them back. */
  WORKER_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Queue mode: prefix of the queue's keys and channels in Redis (several installations on one Redis). */
  QUEUE_PREFIX: z.string().trim().min(1).regex(/^[\w-]+$/, 'must be letters, digits, - or _').default('ms'),
  /** Seed the demo team, users, agents and masteries on start (idempotent). */
  SEED_DEMO: flag(true),
  /** Tests: when set, database tests run again on this PostgreSQL server. */
  TEST_DATABASE_URL: postgresUrl,
  /** Tests and benchmarks of queue mode: the Redis server (they skip, saying so, when it does not answer). */
  TEST_REDIS_URL: z.url({ message: 'must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
  /** Benchmarks: the PostgreSQL server to measure (default 127.0.0.1:5432); set BENCH_SKIP_POSTGRES=1 to skip it. */
  BENCH_DATABASE_URL: postgresUrl,
  BENCH_SKIP_POSTGRES: flag(false),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, the way shells and .env files write "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}\nFix them and start again (see README, Configuration).`);
  }
  const env = result.data;
  if (env.GITHUB_ID && !env.GITHUB_SECRET) throw new Error('Invalid environment variables:\n  GITHUB_SECRET: required when GITHUB_ID is set');
  if (env.OIDC_ISSUER && !(env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)) {
    throw new Error('Invalid environment variables:\n  OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set');
  }
  if (env.REDIS_URL && !env.DATABASE_URL) {
    throw new Error(
      'Invalid environment variables:\n  REDIS_URL: needs a PostgreSQL DATABASE_URL too. Workers on other machines share the database, and the embedded one (no DATABASE_URL) is open to this process alone. Set DATABASE_URL=postgresql://…, or unset REDIS_URL to run everything in this process.',
    );
  }
  return env;
}

export const env: Env = parseEnv(process.env);
