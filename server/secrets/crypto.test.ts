import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { decryptSecret, encryptSecret } from './crypto';
import { redactValue } from './redact';

const key = randomBytes(32);
const binding = { teamId: 'team-1', name: 'API_TOKEN' };

describe('secret encryption', () => {
  it('round-trips a value as base64 iv|tag|ciphertext that does not contain it', () => {
    const stored = encryptSecret('s3cr3t-value', binding, key);
    expect(Buffer.from(stored, 'base64').length).toBe(12 + 16 + 's3cr3t-value'.length);
    expect(stored).not.toContain('s3cr3t');
    expect(decryptSecret(stored, binding, key)).toBe('s3cr3t-value');
    expect(encryptSecret('s3cr3t-value', binding, key)).not.toBe(stored);
  });

  it('refuses a wrong key, another team or name, and a tampered row', () => {
    const stored = encryptSecret('value', binding, key);
    expect(() => decryptSecret(stored, binding, randomBytes(32))).toThrow(AppError);
    expect(() => decryptSecret(stored, { ...binding, teamId: 'team-2' }, key)).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret(stored, { ...binding, name: 'OTHER' }, key)).toThrow(/cannot be decrypted/);
    const raw = Buffer.from(stored, 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(raw.toString('base64'), binding, key)).toThrow(/cannot be decrypted/);
    expect(() => encryptSecret('value', binding, randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('secret redaction', () => {
  it('replaces values, their URL-encoded and JSON-escaped forms, in strings and keys', () => {
    const secrets = { TOKEN: 'a/b "c"', KEY: 'key-123456' };
    const redacted = redactValue({ url: '/x?t=a%2Fb%20%22c%22', text: 'Bearer a/b "c"', json: '{"t":"a/b \\"c\\""}', 'key-123456': [1, 'key-123456'] }, secrets);
    expect(redacted).toEqual({
      url: '/x?t=[secret:TOKEN]',
      text: 'Bearer [secret:TOKEN]',
      json: '{"t":"[secret:TOKEN]"}',
      '[secret:KEY]': [1, '[secret:KEY]'],
    });
  });
});
