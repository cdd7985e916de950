/**
 * Opening the database for either mode. The same Prisma schema and migrations serve both: PGlite (an
 * embedded PostgreSQL, the default) and a PostgreSQL server (DATABASE_URL).
 */
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '@/server/generated/prisma/client';
import { acquireDataDirLock } from './data-dir-lock';
import { startEmbeddedVacuum } from './embedded-vacuum';
import { preparedPgliteExecutor } from './pglite-prepared';

export type DbTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string }
  /** An already-open PGlite (tests clone a migrated template into memory). */
  | { kind: 'pglite-instance'; pglite: PGlite };

export interface DbHandle {
  client: PrismaClient;
  /** The adapter factory, for the schema engine (migrations) over the same connection. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/** Runs one hot statement as directly as the database allows (on a server: a named prepared statement). */
export type PreparedExecutor = (name: string, sql: string, params: readonly unknown[]) => Promise<Array<Record<string, unknown>>>;

// Open clients with their direct executor. Hot paths (the run store's commit and loads) look theirs up
// here: Prisma's raw queries are unnamed (planned again every call) and pass through the driver adapter.
const preparedExecutors = new WeakMap<PrismaClient, PreparedExecutor>();

/** A hot statement, directly where the client allows (see PreparedExecutor), else through Prisma. */
export function executeDirect(client: PrismaClient, name: string, sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
  const prepared = preparedExecutors.get(client);
  return prepared ? prepared(name, sql, params) : client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);
}

export function describeTarget(target: DbTarget): string {
  switch (target.kind) {
    case 'postgres':
      return `PostgreSQL at ${new URL(target.url).host}`;
    case 'pglite':
      return `embedded database in ${target.dataDir}`;
    case 'pglite-instance':
      return 'embedded database (in memory)';
    default: {
      const never: never = target;
      return never;
    }
  }
}

export function openDb(target: DbTarget): DbHandle {
  switch (target.kind) {
    case 'postgres': {
      // Our own pool, so that close() really ends its connections (a database can then be dropped).
      const pool = new pg.Pool({ connectionString: target.url, max: 10 });
      let isClosing = false;
      // An idle connection that the server drops (restart, failover) emits here; unhandled, it would
      // crash the process. The pool replaces it on the next query.
      pool.on('error', (error) => {
        if (!isClosing) console.warn(`Database connection lost (${error.message}); reconnecting on next use`);
      });
      const factory = new PrismaPg(pool);
      const client = new PrismaClient({ adapter: factory });
      preparedExecutors.set(client, async (name, sql, params) => {
        const result = await pool.query<Record<string, unknown>>({ name, text: sql, values: [...params] });
        return result.rows;
      });
      return {
        client,
        factory,
        close: async () => {
          isClosing = true;
          await client.$disconnect();
          await pool.end();
        },
      };
    }
    case 'pglite': {
      const release = acquireDataDirLock(target.dataDir);
      const pglite = new PGlite(target.dataDir);
      const handle = wrapPglite(pglite);
      const vacuum = startEmbeddedVacuum(pglite);
      return {
        ...handle,
        close: async () => {
          await vacuum.stop();
          await handle.close();
          release();
        },
      };
    }
    case 'pglite-instance':
      return wrapPglite(target.pglite);
    default: {
      const never: never = target;
      return never;
    }
  }
}

function wrapPglite(pglite: PGlite): DbHandle {
  const factory = new PrismaPGlite(pglite);
  const client = new PrismaClient({ adapter: factory });
  // Directly rather than through the driver adapter, which cost more than the commit statement itself
  // (5.4 vs 3.1 ms a commit, measured), and parsed once per name (pglite-prepared.ts).
  preparedExecutors.set(client, preparedPgliteExecutor(pglite));
  return {
    client,
    factory,
    close: async () => {
      await client.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
