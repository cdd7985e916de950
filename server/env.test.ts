import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('environment', () => {
  it('defaults to the embedded database with no variables set', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({ DATA_DIR: 'data', PORT: 3000, SEED_DEMO: true });
  });

  it('names the bad variable and what it must be', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgresql:\/\/ connection URL/);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => parseEnv({ NEXTAUTH_SECRET: 'short' })).toThrow(/NEXTAUTH_SECRET: must be at least 32 characters/);
    expect(() => parseEnv({ SECRETS_KEY: 'abc' })).toThrow(/SECRETS_KEY: must be 32 bytes/);
    expect(() => parseEnv({ GITHUB_ID: 'id' })).toThrow(/GITHUB_SECRET: required when GITHUB_ID is set/);
    expect(() => parseEnv({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });

  it('treats empty values as unset', () => {
    const env = parseEnv({ DATABASE_URL: '', OPENAI_API_KEY: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: 'postgresql://u@h:5432/db', SEED_DEMO: 'false' })).toMatchObject({ SEED_DEMO: false });
  });
});

describe('ALLOW_PRIVATE_NETWORK', () => {
  it('is off unless set, and reads true, false or a list of addresses and CIDR ranges', () => {
    expect(parseEnv({}).ALLOW_PRIVATE_NETWORK).toEqual({ kind: 'none' });
    expect(parseEnv({ ALLOW_PRIVATE_NETWORK: 'false' }).ALLOW_PRIVATE_NETWORK).toEqual({ kind: 'none' });
    expect(parseEnv({ ALLOW_PRIVATE_NETWORK: 'true' }).ALLOW_PRIVATE_NETWORK).toEqual({ kind: 'all' });
    expect(parseEnv({ ALLOW_PRIVATE_NETWORK: ' 10.0.0.0/8, 192.168.1.20,fd00::/8 ' }).ALLOW_PRIVATE_NETWORK).toEqual({ kind: 'ranges', ranges: ['10.0.0.0/8', '192.168.1.20', 'fd00::/8'] });
  });

  it('names a value that is none of these', () => {
    for (const bad of ['yes', '10.0.0.0/33', 'intranet.example', '10.0.0.0/8/1', ',']) {
      expect(() => parseEnv({ ALLOW_PRIVATE_NETWORK: bad })).toThrow(/ALLOW_PRIVATE_NETWORK: must be false, true, or a comma-separated list of IP addresses and CIDR ranges/);
    }
  });
});
