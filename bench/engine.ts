/**
 * Engine benchmarks: per-step overhead on the in-memory store, the embedded database (PGlite
 * in a data folder, as `npm start` runs it) and PostgreSQL, beside two baselines measured in the same
 * run: a bare in-memory Kahn scheduler and one commit of a small row. Beside the commit, more figures
 * split a durable step's cost: a round trip that writes nothing, and the store's commit of one
 * sequential step without the engine (its two events and its rows). A durable scenario's time runs until
 * every run has finished and is read back. Prints figures only.
 *
 *   npm run bench:engine                       # PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432
 *   BENCH_SKIP_POSTGRES=1 npm run bench:engine # embedded and in-memory only
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import type { NodeId, RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { ZERO_USAGE, noopLogger, type RunCommit } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { env } from '@/server/env';
import { openDb, type DbHandle } from '@/server/db/connect';
import { vacuumWhereDue } from '@/server/db/embedded-vacuum';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { GRAPH_LIMITS, chainGraph, fanOutGraph, formatFigures, layeredGraph, registry, runEngineMemoryBench } from './engine-memory';

type Graph = ReturnType<typeof chainGraph>;

interface Durable {
  name: string;
  handle: DbHandle;
  /** A statement on a connection of its own, as directly as the target allows (the baselines). */
  query(sql: string, params?: unknown[]): Promise<unknown>;
  /** The embedded database only: its stand-in for autovacuum, whose passes hold up everything else. */
  maintenance?(): Promise<string>;
  close(): Promise<void>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

interface Timing {
  median: number;
  /** Total over count: what a sequence of them costs each, the way a chain's steps are timed. */
  mean: number;
}

async function timeEach(times: number, once: (i: number) => Promise<unknown>): Promise<Timing> {
  const took: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await once(i);
    took.push(performance.now() - t);
  }
  return { median: median(took), mean: took.reduce((a, b) => a + b, 0) / times };
}

async function embedded(): Promise<Durable> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ms-bench-'));
  const seed = new PGlite(dir, { loadDataDir: await pgliteTemplate() });
  await seed.close();
  const pglite = new PGlite(dir);
  const handle = openDb({ kind: 'pglite-instance', pglite });
  return {
    name: 'embedded (PGlite, data folder)',
    handle,
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

async function postgres(adminUrl: string): Promise<Durable> {
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
async function createRuns(db: Durable, graph: Graph, runs: number): Promise<RunId[]> {
  const client = db.handle.client;
  const team = await client.team.create({ data: { name: 'Bench' } });
  const mastery = await client.mastery.create({ data: { teamId: team.id, name: `Bench ${randomBytes(3).toString('hex')}` } });
  const version = await client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object } });
  const ids = Array.from({ length: runs }, () => `bench_${randomBytes(8).toString('hex')}` as RunId);
  await client.run.createMany({ data: ids.map((id) => ({ id, teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 })) });
  await client.runEvent.createMany({ data: ids.map((runId) => ({ runId, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } })) });
  return ids;
}

async function timeDurable(db: Durable, graph: Graph, runs: number) {
  const store = new PrismaRunStore(db.handle.client);
  const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry, graphLimits: GRAPH_LIMITS });
  const ids = await createRuns(db, graph, runs);
  const started = performance.now();
  await Promise.all(ids.map((id) => engine.start(id)));
  const results = await Promise.all(ids.map((id) => engine.untilAtRest(id)));
  const ms = performance.now() - started;
  const failed = results.find((r) => r.status !== 'SUCCEEDED');
  if (failed) throw new Error(`bench run ended ${failed.status}: ${failed.error?.message ?? ''}`);
  return { ms, steps: (graph.nodes.length - 1) * runs, statements: store.statementCount };
}

/**
 * The store's commit of what one sequential step writes (its end, its successor's start), without the
 * engine, alternating with commits of a small row so both meet the same disk.
 */
async function stepCommit(db: Durable): Promise<{ store: Timing; small: Timing }> {
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

// Write-ahead log written, the database-wide measure of what a step costs the disk (its fsyncs write it).
const walPosition = async (db: Durable) => {
  const rows = (await db.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')) as { rows: Array<{ lsn: string }> };
  return rows.rows[0]?.lsn ?? '0/0';
};
const walBytesSince = async (db: Durable, from: string) => {
  const rows = (await db.query('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::float8 AS bytes', [from])) as { rows: Array<{ bytes: number }> };
  return rows.rows[0]?.bytes ?? Number.NaN;
};

const smallCommit = (db: Durable, i: number) => db.query('INSERT INTO bench_commit (v) VALUES ($1)', [`row ${i}`]);

interface Baselines {
  commit: Timing;
  roundTrip: Timing;
  step: Awaited<ReturnType<typeof stepCommit>>;
}

async function baselines(db: Durable): Promise<Baselines> {
  await db.query('CREATE TABLE bench_commit (id serial PRIMARY KEY, v text)');
  return {
    commit: await timeEach(1000, (i) => smallCommit(db, i)),
    roundTrip: await timeEach(1000, () => db.query('SELECT 1')),
    step: await stepCommit(db),
  };
}

const SCENARIOS = [
  ['chain of 1,000 no-op steps', chainGraph(1_000), 1],
  ['fan-out of 1,000 (maxParallel 4)', fanOutGraph(1_000), 1],
  ['20 concurrent runs of a 50-step mastery', layeredGraph(), 20],
] as const;
// Each scenario runs this many times on a durable store; the median is printed (a single run of a
// scenario on a shared 2-core machine varied by up to 30%).
const DURABLE_REPEATS = 3;
// On this machine a commit's cost drifts by 2× within minutes (0.30–0.67 ms a small row, measured), so
// each run of a scenario is set against commits measured just before and just after it.
const AROUND = 300;

/**
 * A step's cost is a chain's time over its steps: a mean, tails included. The goal's "one commit" is
 * therefore the mean of small commits made one after another, so that a chain of bare commits would
 * score 1.0×; set against their median (1.14–1.30× lower here, their latency skewed by slow fsyncs),
 * such a chain scores that much above 1. Both are printed.
 */
async function durableFigures(db: Durable, base: Baselines, postgresCommit: Timing | undefined): Promise<string[]> {
  const { step, commit, roundTrip } = base;
  const lines = [
    `${db.name}: one commit of a small row ${commit.mean.toFixed(3)} ms (median ${commit.median.toFixed(3)}), ` +
      `a round trip writing nothing ${roundTrip.mean.toFixed(3)} ms (median ${roundTrip.median.toFixed(3)}); 1,000 in sequence`,
    `  the store's commit of one sequential step (2 events, 2 step rows, 2 attempt rows, the run row) ${step.store.mean.toFixed(3)} ms = ${(step.store.mean / step.small.mean).toFixed(2)}× ` +
      `a small row's commit alternating with it (${step.small.mean.toFixed(3)} ms; medians ${(step.store.median / step.small.median).toFixed(2)}×)`,
  ];
  await timeDurable(db, chainGraph(200), 1); // warm-up: JIT, connection pool, caches
  for (const [label, graph, runs] of SCENARIOS) {
    const figures = [];
    for (let i = 0; i < DURABLE_REPEATS; i++) {
      const before = await timeEach(AROUND, (n) => smallCommit(db, n));
      const walBefore = await walPosition(db);
      const figure = await timeDurable(db, graph, runs);
      const walBytes = await walBytesSince(db, walBefore);
      const after = await timeEach(AROUND, (n) => smallCommit(db, n));
      figures.push({ ...figure, commitMean: (before.mean + after.mean) / 2, commitMedian: (before.median + after.median) / 2, walBytes });
    }
    const perStep = median(figures.map((f) => f.ms / f.steps));
    const ratio = median(figures.map((f) => f.ms / f.steps / f.commitMean));
    const ratioToMedian = median(figures.map((f) => f.ms / f.steps / f.commitMedian));
    const { steps, statements } = figures[0] ?? { steps: 0, statements: 0 };
    const walPerStep = median(figures.map((f) => f.walBytes / f.steps));
    const versusPostgres = postgresCommit === undefined ? '' : `  ${(perStep / postgresCommit.mean).toFixed(2)}× a PostgreSQL commit`;
    lines.push(
      `  ${label.padEnd(42)} ${String(steps).padStart(6)} steps  ${(perStep * 1000).toFixed(0).padStart(6)} µs/step  ` +
        `${ratio.toFixed(2)}× one commit around it (${ratioToMedian.toFixed(2)}× its median)${versusPostgres}  ` +
        `${Math.round(1000 / perStep)} steps/s  ${statements} statements  ${(walPerStep / 1024).toFixed(1)} kB WAL/step`,
    );
  }
  return lines;
}

const header = `engine benchmark — node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
console.log(header);
console.log('\nin-memory store (median of repeats; kahn = bare scheduler baseline; goal: at most 10 µs a step on the 1,000-step chain)');
console.log(formatFigures(await runEngineMemoryBench()));

// PostgreSQL first: its commit is the baseline, which the embedded figures are also set against.
const targets: Array<() => Promise<Durable>> = [];
if (!env.BENCH_SKIP_POSTGRES) {
  targets.push(() => postgres(env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'));
}
targets.push(embedded);
let postgresCommit: Timing | undefined;
for (const open of targets) {
  const db = await open();
  try {
    const base = await baselines(db);
    const isPostgres = db.name.startsWith('PostgreSQL');
    console.log(`\n${(await durableFigures(db, base, isPostgres ? undefined : postgresCommit)).join('\n')}`);
    if (db.maintenance) console.log(await db.maintenance());
    if (isPostgres) postgresCommit = base.commit;
  } finally {
    await db.close();
  }
}
console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
