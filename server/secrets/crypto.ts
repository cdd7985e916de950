/**
 * Secret values at rest: AES-256-GCM under the 32-byte `secretsKey()`, stored as base64 of
 * iv (12 bytes) | tag (16 bytes) | ciphertext. The team id and secret name are bound in as associated
 * data, so a row copied to another team or renamed in the database no longer decrypts.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@/server/errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBinding {
  teamId: string;
  name: string;
}

function associatedData(binding: SecretBinding): Buffer {
  return Buffer.from(`mastery-secret\u0000${binding.teamId}\u0000${binding.name}`, 'utf8');
}

function assertKey(key: Buffer): void {
  // A short key would make createCipheriv throw an unhelpful "Invalid key length".
  if (key.length !== 32) throw new AppError('BAD_INPUT', `SECRETS_KEY must be 32 bytes (base64); got ${key.length} bytes`);
}

export function encryptSecret(value: string, binding: SecretBinding, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

export function decryptSecret(stored: string, binding: SecretBinding, key: Buffer): string {
  assertKey(key);
  const raw = Buffer.from(stored, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new AppError('SECRET_NOT_FOUND', `Secret ${binding.name} is damaged; set its value again`);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(associatedData(binding));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    // Wrong key (SECRETS_KEY changed) or a tampered row: say what to do, never what the bytes were.
    throw new AppError('SECRET_NOT_FOUND', `Secret ${binding.name} cannot be decrypted with this server's SECRETS_KEY; set its value again`, { cause: error });
  }
}
