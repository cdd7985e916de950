/**
 * Engine benchmarks: per-step overhead on the in-memory store, the embedded database (PGlite
 * in a data folder, as `npm start` runs it) and PostgreSQL, beside two baselines measured in the same
 * run: a bare in-memory Kahn scheduler and one commit of a small row. Beside the commit, more figures
 * split a durable step's cost: a round trip that writes nothing, and the store's commit of one
 * sequential step without the engine (its two events and its rows). A durable scenario's time runs until
 * every run has finished and is read back. Prints figures only.
 *
 * Then a wide layered graph of ~1,700 delay steps on both databases (makespan against the list-scheduling
 * bound, step durations, peak RSS, database growth), and the memory of 1,000 runs of a 50-step mastery
 * (bench/engine-layered.ts).
 *
 *   npm run bench:engine                       # PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432
 *   BENCH_SKIP_POSTGRES=1 npm run bench:engine # embedded and in-memory only
 *   npm run bench:engine -- --only=layered     # one section (memory, durable, layered, mastery-memory)
 */
import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';
import { env } from '@/server/env';
import { createRuns, createSmallCommitTable, durableEngine, embedded, median, postgres, smallCommit, stepCommit, timeEach, type Durable, type Timing } from './engine-durable';
import { layeredDelayFigures, layeredReferenceFigures, masteryMemoryFigures } from './engine-layered';
import { chainGraph, fanOutGraph, formatFigures, layeredGraph, realisticRegistry, realisticScenarios, runEngineMemoryBench } from './engine-memory';

type Graph = ReturnType<typeof chainGraph>;

async function timeDurable(db: Durable, graph: Graph, runs: number) {
  const { store, engine } = durableEngine(db);
  const ids = await createRuns(db, graph, runs);
  const started = performance.now();
  await Promise.all(ids.map((id) => engine.start(id)));
  const results = await Promise.all(ids.map((id) => engine.untilAtRest(id)));
  const ms = performance.now() - started;
  const failed = results.find((r) => r.status !== 'SUCCEEDED');
  if (failed) throw new Error(`bench run ended ${failed.status}: ${failed.error?.message ?? ''}`);
  return { ms, steps: (graph.nodes.length - 1) * runs, statements: store.statementCount };
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

interface Baselines {
  commit: Timing;
  roundTrip: Timing;
  step: Awaited<ReturnType<typeof stepCommit>>;
}

async function baselines(db: Durable): Promise<Baselines> {
  await createSmallCommitTable(db);
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
  lines.push(...(await realisticDurableFigures(db)));
  return lines;
}

/**
 * The three demo masteries and a 200-node fan-out/fan-in on the real store, each run alone (HTTP and LLM
 * steps answer at once, so the figure is the engine's and the store's own cost), about 1,000 steps of
 * each after a warm-up; the median run.
 */
async function realisticDurableFigures(db: Durable): Promise<string[]> {
  // A server's run tables are analyzed within a minute of growing (autovacuum; the embedded database's
  // own pass); these grew from empty seconds ago, and plans made on their first statistics scan whole tables.
  await db.query('ANALYZE "Run", "RunStep", "StepRun", "RunEvent"');
  const { engine } = durableEngine(db, undefined, realisticRegistry);
  const lines = ['  realistic masteries (HTTP and LLM steps answer at once; each run alone; median run)'];
  for (const { scenario, graph, input, steps } of realisticScenarios()) {
    const runs = Math.max(5, Math.ceil(1_000 / steps));
    const ids = await createRuns(db, graph, runs + 3, input as object);
    const ms: number[] = [];
    for (const [i, id] of ids.entries()) {
      const started = performance.now();
      await engine.start(id);
      const result = await engine.untilAtRest(id);
      if (result.status !== 'SUCCEEDED') throw new Error(`${scenario}: run ended ${result.status}: ${result.error?.message ?? ''}`);
      if (i >= 3) ms.push(performance.now() - started); // the first ones warm the graph cache and the statements
    }
    const perRun = median(ms);
    lines.push(
      `    ${scenario.padEnd(38)} ${String(steps).padStart(6)} steps  ${perRun.toFixed(2).padStart(7)} ms/run  ${((perRun * 1000) / steps).toFixed(0).padStart(5)} µs/step  (best ${Math.min(...ms).toFixed(2)} ms/run, ${ms.length} runs)`,
    );
  }
  return lines;
}

// `--only=memory,durable,layered,mastery-memory` runs those sections alone (all of them by default).
const SECTIONS = ['memory', 'durable', 'layered', 'mastery-memory'] as const;
const only = z
  .array(z.enum(SECTIONS))
  .parse(process.argv.filter((arg) => arg.startsWith('--only=')).flatMap((arg) => arg.slice('--only='.length).split(',')));
const wants = (section: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(section);
const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

console.log(`engine benchmark — node ${process.version}, ${availableParallelism()} cores, ${load()}`);
if (wants('memory')) {
  console.log('\nin-memory store (median of repeats; kahn = bare scheduler baseline; goal: at most 10 µs a step on the 1,000-step chain)');
  console.log(formatFigures(await runEngineMemoryBench()));
}

if (wants('layered')) console.log(`\n${(await layeredReferenceFigures()).join('\n')}`);

// PostgreSQL first: its commit is the baseline, which the embedded figures are also set against.
const targets: Array<() => Promise<Durable>> = [];
if (!env.BENCH_SKIP_POSTGRES) {
  targets.push(() => postgres(env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'));
}
targets.push(embedded);
let postgresCommit: Timing | undefined;
for (const open of wants('durable') || wants('layered') ? targets : []) {
  const db = await open();
  try {
    const isPostgres = db.name.startsWith('PostgreSQL');
    if (wants('durable')) {
      const base = await baselines(db);
      console.log(`\n${(await durableFigures(db, base, isPostgres ? undefined : postgresCommit)).join('\n')}`);
      if (db.maintenance) console.log(await db.maintenance());
      if (isPostgres) postgresCommit = base.commit;
    }
    if (wants('layered')) console.log(`\n${(await layeredDelayFigures(db)).join('\n')}`);
  } finally {
    await db.close();
  }
}
if (wants('mastery-memory')) {
  const db = await embedded();
  try {
    console.log(`\n${(await masteryMemoryFigures(db)).join('\n')}`);
  } finally {
    await db.close();
  }
}
console.log(`\n${load()} after`);
process.exit(0);
