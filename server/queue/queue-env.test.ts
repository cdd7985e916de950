/** Queue mode is switched on by REDIS_URL with PostgreSQL only; the embedded database refuses it at start. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';
import { queueConfig } from './queue-mode';

describe('queue mode settings', () => {
  it('refuses REDIS_URL without a PostgreSQL DATABASE_URL, saying why', () => {
    expect(() => parseEnv({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL: needs a PostgreSQL DATABASE_URL too/);
  });

  it('changes nothing without REDIS_URL, and reads the worker settings with it', () => {
    expect(queueConfig(parseEnv({}))).toBeUndefined();
    const config = queueConfig(parseEnv({ REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgresql://db/app', RUN_STEPS: 'false', WORKER_CONCURRENCY: '7' }));
    expect(config).toMatchObject({ redisUrl: 'redis://r:6379', runSteps: false, concurrency: 7, leaseMs: 15_000, graceMs: 30_000 });
    expect(config?.names.queue).toBe('steps');
  });

  it('names a bad worker setting', () => {
    expect(() => parseEnv({ REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgresql://db/app', WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY: must be at least 1/);
  });
});
