/**
 * The durable targets the engine benchmarks measure: the embedded database (PGlite in a data folder, as
 * `npm start` runs it) and PostgreSQL, each a fresh database from the migrated template; runs created
 * as `runs.start` creates them; and an engine over the real store.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import type { RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { openDb, type DbHandle } from '@/server/db/connect';
import { vacuumWhereDue } from '@/server/db/embedded-vacuum';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { GRAPH_LIMITS, registry } from './engine-memory';

export interface Durable {
  name: string;
  handle: DbHandle;
  /** A statement on a connection of its own, as directly as the target allows (the baselines). */
  query(sql: string, params?: unknown[]): Promise<unknown>;
  /** The embedded database only: its data folder, whose size is what the database takes on disk. */
  dataDir?: string;
  /** The embedded database only: its stand-in for autovacuum, whose passes hold up everything else. */
  maintenance?(): Promise<string>;
  close(): Promise<void>;
}

export async function embedded(): Promise<Durable> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ms-bench-'));
  const seed = new PGlite(dir, { loadDataDir: await pgliteTemplate() });
  await seed.close();
  const pglite = new PGlite(dir);
  const handle = openDb({ kind: 'pglite-instance', pglite });
  return {
    name: 'embedded (PGlite, data folder)',
    handle,
    dataDir: dir,
    query: (sql, params) => pglite.query(sql, params),
    async maintenance() {
      const passes: string[] = [];
      for (let pass = await vacuumWhereDue(pglite); pass.vacuumed.length + pass.analyzed.length > 0; pass = await vacuumWhereDue(pglite)) {
        passes.push(`${pass.ms.toFixed(0)} ms (vacuumed ${pass.vacuumed.join(', ') || 'nothing'}; analyzed ${pass.analyzed.length} tables)`);
      }
      return `  maintenance after these runs, pass by pass (each holds up the database while it runs): ${passes.join(', ') || 'nothing due'}`;
    },
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgres(adminUrl: string): Promise<Durable> {
  const template = await postgresTemplate(adminUrl);
  const name = `ms_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(adminUrl, name);
  const handle = openDb({ kind: 'postgres', url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    name: 'PostgreSQL (127.0.0.1)',
    handle,
    query: (sql, params) => client.query(sql, params),
    async close() {
      await client.end();
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** A run row (and its first event) for each id, as `runs.start` creates them, of a new version of `graph`. */
export async function createRuns(db: Durable, graph: object, runs: number): Promise<RunId[]> {
  const client = db.handle.client;
  const team = await client.team.create({ data: { name: 'Bench' } });
  const mastery = await client.mastery.create({ data: { teamId: team.id, name: `Bench ${randomBytes(3).toString('hex')}` } });
  const version = await client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph } });
  const ids = Array.from({ length: runs }, () => `bench_${randomBytes(8).toString('hex')}` as RunId);
  await client.run.createMany({ data: ids.map((id) => ({ id, teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 })) });
  await client.runEvent.createMany({ data: ids.map((runId) => ({ runId, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } })) });
  return ids;
}

/** The engine over the real store, as the server wires it (in-process steps, in-memory event bus); `store` may be one that records. */
export function durableEngine(db: Durable, store = new PrismaRunStore(db.handle.client)) {
  const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry, graphLimits: GRAPH_LIMITS });
  return { store, engine };
}

/** Bytes of the run tables, indexes and TOAST included. */
export async function runTablesBytes(db: Durable): Promise<number> {
  const result = (await db.query(
    `SELECT (pg_total_relation_size('"Run"') + pg_total_relation_size('"RunStep"') + pg_total_relation_size('"StepRun"') + pg_total_relation_size('"RunEvent"'))::float8 AS bytes`,
  )) as { rows: Array<{ bytes: number }> };
  return result.rows[0]?.bytes ?? Number.NaN;
}

/** Bytes of the embedded database's data folder (undefined for PostgreSQL). */
export function dataDirBytes(db: Durable): number | undefined {
  if (db.dataDir === undefined) return undefined;
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else total += statSync(full).size;
    }
  };
  walk(db.dataDir);
  return total;
}
