import path from 'node:path';
import { env } from '@/server/env';
import type { DbTarget } from './connect';

/** DATABASE_URL set: that PostgreSQL server. Unset: the embedded database under DATA_DIR. */
export function configuredTarget(): DbTarget {
  return env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL }
    : { kind: 'pglite', dataDir: path.resolve(env.DATA_DIR, 'pglite') };
}
