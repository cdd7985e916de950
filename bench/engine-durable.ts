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
import type { NodeId, RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger, ZERO_USAGE, type RunCommit } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { openDb, type DbHandle } from '@/server/db/connect';
import { vacuumWhereDue } from '@/server/db/embedded-vacuum';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { chainGraph, GRAPH_LIMITS, registry } from './engine-memory';

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
export async function createRuns(db: Durable, graph: object, runs: number, input: object = {}): Promise<RunId[]> {
  const client = db.handle.client;
  const team = await client.team.create({ data: { name: 'Bench' } });
  const mastery = await client.mastery.create({ data: { teamId: team.id, name: `Bench ${randomBytes(3).toString('hex')}` } });
  const version = await client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph } });
  const ids = Array.from({ length: runs }, () => `bench_${randomBytes(8).toString('hex')}` as RunId);
  await client.run.createMany({ data: ids.map((id) => ({ id, teamId: team.id, masteryId: mastery.id, versionId: version.id, input, lastSeq: 1 })) });
  await client.runEvent.createMany({ data: ids.map((runId) => ({ runId, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } })) });
  return ids;
}

/** The engine over the real store, as the server wires it (in-process steps, in-memory event bus); `store` may be one that records. */
export function durableEngine(db: Durable, store = new PrismaRunStore(db.handle.client), nodeTypes = registry) {
  const dispatcher = new InProcessDispatcher({ registry: nodeTypes, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry: nodeTypes, graphLimits: GRAPH_LIMITS });
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

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export interface Timing {
  median: number;
  /** Total over count: what a sequence of them costs each, the way a chain's steps are timed. */
  mean: number;
}

export async function timeEach(times: number, once: (i: number) => Promise<unknown>): Promise<Timing> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await once(i);
    took.push(performance.now() - t);
  }
  return { median: median(took), mean: took.reduce((a, b) => a + b, 0) / times };
}

/** A commit of one small row: the unit of "one commit" in the goals. */
export const smallCommit = (db: Durable, i: number) => db.query('INSERT INTO bench_commit (v) VALUES ($1)', [`row ${i}`]);
export const createSmallCommitTable = (db: Durable) => db.query('CREATE TABLE IF NOT EXISTS bench_commit (id serial PRIMARY KEY, v text)');

/**
 * The store's commit of what one sequential step writes (its end, its successor's start), without the
 * engine, alternating with commits of a small row so both meet the same disk.
 */
export async function stepCommit(db: Durable): Promise<{ store: Timing; small: Timing }> {
  await createSmallCommitTable(db);
  const store = new PrismaRunStore(db.handle.client);
  const [runId] = await createRuns(db, chainGraph(1), 1);
  if (runId === undefined) throw new Error('no bench run');
  const node = (i: number) => `s${i}` as NodeId;
  const commit = (i: number, at: number): RunCommit => ({
    runId,
    steps: [
      { nodeId: node(i), status: 'SUCCEEDED', attempt: 1, output: null, handles: ['out'], finishedAt: at, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: at, usage: ZERO_USAGE } },
      { nodeId: node(i + 1), status: 'RUNNING', attempt: 1, input: { [node(i)]: null }, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', isResumed: false, startedAt: at } },
    ],
    events: [
      { type: 'step.status', nodeId: node(i), status: 'SUCCEEDED', attempt: 1, runId, seq: 2 * i, at },
      { type: 'step.status', nodeId: node(i + 1), status: 'RUNNING', attempt: 1, runId, seq: 2 * i + 1, at },
    ],
  });
  const storeTimes: number[] = [];
  const smallTimes: number[] = [];
  for (let i = 1; i <= 1000; i++) {
    let t = performance.now();
    await store.commit(commit(i, Date.now()));
    storeTimes.push(performance.now() - t);
    t = performance.now();
    await smallCommit(db, i);
    smallTimes.push(performance.now() - t);
  }
  const timing = (xs: number[]): Timing => ({ median: median(xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length });
  return { store: timing(storeTimes), small: timing(smallTimes) };
}
