/**
 * Secrets that a single machine may generate for itself: the session signing secret and the key that
 * encrypts team secrets. Set NEXTAUTH_SECRET / SECRETS_KEY to share them across machines.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/server/env';

function localSecret(file: string, make: () => string): string {
  const full = path.resolve(env.DATA_DIR, file);
  try {
    return readFileSync(full, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(full), { recursive: true });
    const value = make();
    // wx: if another process wrote it first, read theirs instead of overwriting.
    try {
      writeFileSync(full, value, { flag: 'wx', mode: 0o600 });
      return value;
    } catch {
      return readFileSync(full, 'utf8').trim();
    }
  }
}

export function authSecret(): string {
  return env.NEXTAUTH_SECRET ?? localSecret('auth-secret', () => randomBytes(32).toString('base64url'));
}

let cachedSecretsKey: Buffer | undefined;

/** Read once per process: every http step that uses secrets needs it, and the file never changes. */
export function secretsKey(): Buffer {
  cachedSecretsKey ??= Buffer.from(env.SECRETS_KEY ?? localSecret('secrets-key', () => randomBytes(32).toString('base64')), 'base64');
  return cachedSecretsKey;
}
