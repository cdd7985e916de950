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
import { writerConnection } from './writer-connection';

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

// Open clients with their direct executor. Hot paths (the run store's commit) look theirs up here: Prisma's
// raw queries are unnamed (re-planned every call) and pass through the driver adapter.
const preparedExecutors = new WeakMap<PrismaClient, PreparedExecutor>();
// Clients of a PostgreSQL server, whose direct executor names (and so keeps) its statements' plans.
const serverClients = new WeakSet<PrismaClient>();
// Their connection kept for commits, which go out one at a time (writer-connection.ts).
const writerExecutors = new WeakMap<PrismaClient, PreparedExecutor>();
// Embedded clients' runner of statements without parameters (simple protocol).
const simpleExecutors = new WeakMap<PrismaClient, (sql: string) => Promise<Array<Record<string, unknown>>>>();

/** A hot statement, directly where the client allows (see PreparedExecutor), else through Prisma. */
export function executeDirect(client: PrismaClient, name: string, sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
  const prepared = preparedExecutors.get(client);
  return prepared ? prepared(name, sql, params) : client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, ...params);
}

/**
 * A statement of the commit path, which sends one statement at a time: on a server, on a connection
 * kept for it; elsewhere as `executeDirect`. Never a transaction's statements: callers that share the
 * connection would interleave.
 */
export function executeOnWriter(client: PrismaClient, name: string, sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>> {
  const writer = writerExecutors.get(client);
  return writer ? writer(name, sql, params) : executeDirect(client, name, sql, params);
}

/**
 * A statement without parameters, its values written in as literals (sql-literal.ts): on the embedded
 * database one call into PostgreSQL, where `executeDirect` with parameters takes six (parse, two
 * describes, bind, execute, sync). Resolves to the rows of its last result.
 */
export function executeSimple(client: PrismaClient, sql: string): Promise<Array<Record<string, unknown>>> {
  const simple = simpleExecutors.get(client);
  return simple ? simple(sql) : client.$queryRawUnsafe<Array<Record<string, unknown>>>(sql);
}

/** Whether `executeDirect` keeps a statement's plan (a server's named prepared statements; PGlite plans every call). */
export const hasPreparedStatements = (client: PrismaClient): boolean => serverClients.has(client);

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
      serverClients.add(client);
      preparedExecutors.set(client, async (name, sql, params) => {
        const result = await pool.query<Record<string, unknown>>({ name, text: sql, values: [...params] });
        return result.rows;
      });
      const writer = writerConnection(pool);
      writerExecutors.set(client, writer.execute);
      return {
        client,
        factory,
        close: async () => {
          isClosing = true;
          await writer.release();
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
  // PGlite has no statement cache to name into, but calling it directly skips the driver adapter, which
  // cost more than the commit statement itself (5.4 vs 3.1 ms a commit, measured).
  preparedExecutors.set(client, async (_name, sql, params) => {
    const result = await pglite.query<Record<string, unknown>>(sql, [...params]);
    return result.rows;
  });
  simpleExecutors.set(client, async (sql) => {
    const results = await pglite.exec(sql);
    return (results.at(-1)?.rows ?? []) as Array<Record<string, unknown>>;
  });
  return {
    client,
    factory,
    close: async () => {
      await client.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
