/**
 * Real databases for tests: every database test runs on the embedded PGlite, and again on the PostgreSQL
 * server named by TEST_DATABASE_URL when it is set. Each test file gets its own fresh, migrated database,
 * cloned from a template that is migrated once (PGlite: a data-dir dump; PostgreSQL: a template database).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, beforeAll, afterAll } from 'vitest';
import { env } from '@/server/env';
import { openDb, type DbHandle } from '@/server/db/connect';
import { applyMigrations } from '@/server/db/migrate';
import { migrationsDir } from '@/scripts/db/schema-engine';
import type { PrismaClient } from '@/server/generated/prisma/client';

export type DbMode = 'pglite' | 'postgres';
export const dbModes: DbMode[] = env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

const cacheDir = path.resolve('.tmp');

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(migrationsDir)).sort()) {
    if (name.endsWith('.toml')) continue;
    hash.update(name).update(await readFile(path.join(migrationsDir, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 12);
}

export async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(cacheDir, `pglite-template-${await migrationsHash()}.tar.gz`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return new Blob([cached]);
  // Two workers may build it at once; each writes a temp file and renames, so readers never see half.
  const pglite = new PGlite();
  const handle = openDb({ kind: 'pglite-instance', pglite });
  await applyMigrations(handle);
  const dump = await pglite.dumpDataDir('gzip');
  await handle.close();
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
  await rename(tmp, file);
  return dump;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `ms_tpl_${await migrationsHash()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Serialise template creation across test workers.
    await admin.query('SELECT pg_advisory_lock(724001)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}_build"`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}_build"`);
        await admin.query(`CREATE DATABASE "${name}_build"`);
      });
      const handle = openDb({ kind: 'postgres', url: withDatabase(adminUrl, `${name}_build`) });
      await applyMigrations(handle);
      await handle.close();
      await admin.query(`ALTER DATABASE "${name}_build" RENAME TO "${name}"`);
    }
    await admin.query('SELECT pg_advisory_unlock(724001)');
  } finally {
    await admin.end();
  }
  return name;
}

/**
 * Drops a test database once its connections have gone. A closed pool's sockets linger a moment; FORCE
 * at once would kill them mid-close and their FATAL would surface as an unhandled error in the test.
 */
export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export interface TestDb {
  mode: DbMode;
  client: PrismaClient;
  handle: DbHandle;
  /** PostgreSQL: the database's URL, for child processes that open it themselves. */
  url?: string;
  /** Another client of the same database, as a second process would have (close it before `close`). */
  openSecond(): DbHandle;
  close(): Promise<void>;
}

export async function openTestDb(mode: DbMode): Promise<TestDb> {
  if (mode === 'pglite') {
    const pglite = new PGlite({ loadDataDir: await pgliteTemplate() });
    const handle = openDb({ kind: 'pglite-instance', pglite });
    const openSecond = (): DbHandle => {
      const second = openDb({ kind: 'pglite-instance', pglite });
      // Closing it must not close the shared PGlite.
      return { ...second, close: () => second.client.$disconnect() };
    };
    return { mode, client: handle.client, handle, openSecond, close: () => handle.close() };
  }
  const adminUrl = env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const template = await postgresTemplate(adminUrl);
  const name = `ms_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(adminUrl, name);
  const handle = openDb({ kind: 'postgres', url });
  return {
    mode,
    client: handle.client,
    handle,
    url,
    openSecond: () => openDb({ kind: 'postgres', url }),
    close: async () => {
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** Runs the suite once per database mode, each on a fresh migrated database. */
export function describeEachDb(title: string, suite: (ctx: () => TestDb) => void): void {
  for (const mode of dbModes) {
    describe(`${title} [${mode}]`, () => {
      let current: TestDb | undefined;
      beforeAll(async () => {
        current = await openTestDb(mode);
      });
      afterAll(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('test database is not open yet');
        return current;
      });
    });
  }
}

/** A QUEUED run of a new mastery whose version holds `graph`, with its first event, as `runs.start` creates one. */
export async function queueRun(db: PrismaClient, graph: unknown, input: unknown = {}): Promise<string> {
  const team = await db.team.create({ data: { name: `Runs ${randomBytes(3).toString('hex')}` } });
  const mastery = await db.mastery.create({ data: { teamId: team.id, name: 'Run under test' } });
  const version = await db.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object, status: 'PUBLISHED' } });
  const run = await db.run.create({ data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: input as object, lastSeq: 1 } });
  await db.runEvent.create({ data: { runId: run.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } } });
  return run.id;
}
