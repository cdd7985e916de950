/**
 * Two durable figures of bench/engine.ts:
 *
 * 1. A wide layered graph shaped like an astronomy-mosaic pipeline: ~1,700 delay steps of 5 ms and ~5,100
 *    edges, with fan-out of 350 and fan-in of 1,000 and 350 — run through the engine and the real store at
 *    maxParallel 8 and 256. Its makespan is set against the list-scheduling lower bound for identical
 *    tasks with precedence on m machines, max(critical path, total work / m), and against the greedy list
 *    schedule simulated here (FIFO, as the engine starts ready steps): the achievable reference. Beside
 *    it: each delay's recorded duration over its 5 ms, the process's peak RSS during the run, the run
 *    tables' growth per step, and the largest stored output (constant: pass-through steps with several
 *    parents pass on null). Each measured run is its version's second on the engine, whose compiled graph
 *    is then cached, as a server's runs of a saved version are. Beside each makespan: how long the store
 *    alone takes to write that run's commits again, as they were grouped and all in one statement (the
 *    floor no scheduling beats: a durable run ends once its history is stored).
 * 2. The process's memory before and after 1,000 runs of a 50-step mastery on one engine, as a server
 *    runs them, and whether the engine still holds any of them.
 */
import { loadavg } from 'node:os';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { RunId } from '@/server/engine/graph';
import type { RunCommit, RunEvent, RunWrite, StepWrite } from '@/server/engine/ports';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { createRuns, dataDirBytes, durableEngine, runTablesBytes, type Durable } from './engine-durable';
import { indexGraph } from '@/server/engine/graph-index';
import { assertValidGraph } from '@/server/engine/validate';
import { createBenchEngine, GRAPH_LIMITS, layeredGraph, node, registry, timeRuns, type BenchGraph } from './engine-memory';

const DELAY_MS = 5;

/**
 * input → `images` projections (fan-out) → `diffs` differences of two projections each → one fit of all
 * differences (fan-in) → a background model → `images` corrections, each of the model, its projection and
 * two differences → one table of all corrections (fan-in) → the mosaic.
 */
export function mosaicGraph(maxParallel: number, images = 350, diffs = 1_000): BenchGraph {
  const nodes = [node('start', 'input')];
  const edges: BenchGraph['edges'] = [];
  const delay = (id: string, from: readonly string[]) => {
    nodes.push(node(id, 'delay', { ms: DELAY_MS }));
    for (const source of from) edges.push({ id: `e${edges.length}`, source, target: id });
  };
  const project = (i: number) => `project_${i % images}`;
  const diff = (k: number) => `diff_${k % diffs}`;
  for (let i = 0; i < images; i += 1) delay(project(i), ['start']);
  for (let k = 0; k < diffs; k += 1) delay(diff(k), [project(k), project(k + 1 + Math.floor(k / images))]);
  delay('fit', Array.from({ length: diffs }, (_, k) => diff(k)));
  delay('model', ['fit']);
  for (let i = 0; i < images; i += 1) delay(`correct_${i}`, ['model', project(i), diff(i), diff(i + images)]);
  delay('table', Array.from({ length: images }, (_, i) => `correct_${i}`));
  delay('mosaic', ['table']);
  return { nodes, edges, settings: { maxParallel } };
}

interface Schedule {
  criticalPathMs: number;
  totalWorkMs: number;
  /** max(critical path, total work / m): no schedule on m machines is shorter. */
  lowerBoundMs: number;
  /** A greedy list schedule, ready steps started first come first served: what a scheduler can reach. */
  listScheduleMs: number;
}

function scheduleOf(graph: BenchGraph, machines: number): Schedule {
  const indexOf = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const duration: number[] = graph.nodes.map((n) => (n.type === 'delay' ? DELAY_MS : 0));
  const out: number[][] = graph.nodes.map(() => []);
  const indegree = graph.nodes.map(() => 0);
  for (const edge of graph.edges) {
    const source = indexOf.get(edge.source) ?? 0;
    const target = indexOf.get(edge.target) ?? 0;
    out[source]?.push(target);
    indegree[target] = (indegree[target] ?? 0) + 1;
  }
  // Nodes are listed in a topological order: the longest path to each one, in one pass.
  const finish = graph.nodes.map(() => 0);
  for (let i = 0; i < graph.nodes.length; i += 1) {
    finish[i] = (finish[i] ?? 0) + (duration[i] ?? 0);
    for (const target of out[i] ?? []) finish[target] = Math.max(finish[target] ?? 0, finish[i] ?? 0);
  }
  const criticalPathMs = Math.max(...finish);
  const totalWorkMs = duration.reduce((a, b) => a + b, 0);
  const waiting = [...indegree];
  const ready: number[] = [];
  waiting.forEach((count, i) => count === 0 && ready.push(i));
  let running: Array<{ index: number; end: number }> = [];
  let now = 0;
  for (let head = 0; head < ready.length || running.length > 0; ) {
    while (running.length < machines && head < ready.length) {
      const index = ready[head++] ?? 0;
      running.push({ index, end: now + (duration[index] ?? 0) });
    }
    now = Math.min(...running.map((r) => r.end));
    const ended = running.filter((r) => r.end <= now);
    running = running.filter((r) => r.end > now);
    for (const { index } of ended) {
      for (const target of out[index] ?? []) {
        waiting[target] = (waiting[target] ?? 0) - 1;
        if (waiting[target] === 0) ready.push(target);
      }
    }
  }
  return { criticalPathMs, totalWorkMs, lowerBoundMs: Math.max(criticalPathMs, totalWorkMs / machines), listScheduleMs: now };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? Number.NaN;
const load = () => `load ${loadavg()[0]?.toFixed(2) ?? '?'}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Peak RSS while `work` runs, sampled every 10 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
  try {
    const value = await work();
    return { value, peakRss: Math.max(peakRss, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

interface Rows {
  rows: Array<Record<string, number>>;
}

/** The store, keeping a copy of every commit it is given (the bench replays them without the engine). */
class RecordingStore extends PrismaRunStore {
  commits: RunCommit[] = [];

  override commit(change: RunCommit): Promise<void> {
    this.commits.push(change);
    return super.commit(change);
  }
}

/** A run's commits as another run's: the same rows and events under its id. */
function asRun(change: RunCommit, runId: RunId): RunCommit {
  return { ...change, runId, events: change.events.map((event): RunEvent => ({ ...event, runId })) };
}

/** All of a run's commits as one (the store merges each step's patches into one row). */
function asOne(changes: readonly RunCommit[], runId: RunId): RunCommit {
  let run: RunWrite = {};
  const steps: StepWrite[] = [];
  const events: RunEvent[] = [];
  for (const change of changes) {
    run = { ...run, ...change.run };
    steps.push(...change.steps);
    events.push(...asRun(change, runId).events);
  }
  return { runId, run, steps, events };
}

/** The store alone writing `commits` again for fresh runs: one after another as grouped, then all in one. */
async function storeAlone(db: Durable, commits: readonly RunCommit[], [grouped, single]: readonly RunId[]): Promise<{ groupedMs: number; oneMs: number }> {
  if (grouped === undefined || single === undefined) throw new Error('no replay runs');
  const store = new PrismaRunStore(db.handle.client);
  let started = performance.now();
  for (const change of commits) await store.commit(asRun(change, grouped));
  const groupedMs = performance.now() - started;
  started = performance.now();
  await store.commit(asOne(commits, single));
  return { groupedMs, oneMs: performance.now() - started };
}

/** A warm-up run of a new version of the graph (it compiles it), then the measured run of the same version. */
async function runMosaic(db: Durable, maxParallel: number): Promise<string> {
  const graph = mosaicGraph(maxParallel);
  const [warmUp, runId, ...replays] = await createRuns(db, graph, 4);
  if (warmUp === undefined || runId === undefined) throw new Error('no bench run');
  const store = new RecordingStore(db.handle.client);
  const { engine } = durableEngine(db, store);
  await engine.start(warmUp);
  await engine.untilAtRest(warmUp);
  store.commits = [];
  const statementsBefore = store.statementCount;
  const tablesBefore = await runTablesBytes(db);
  const folderBefore = dataDirBytes(db);
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const { value: run, peakRss } = await withPeakRss(async () => {
    await engine.start(runId);
    return engine.untilAtRest(runId);
  });
  const makespan = performance.now() - started;
  if (run.status !== 'SUCCEEDED') throw new Error(`mosaic run ended ${run.status}: ${run.error?.message ?? ''}`);
  const statements = store.statementCount - statementsBefore;
  const steps = graph.nodes.length;
  const tablesGrowth = (await runTablesBytes(db)) - tablesBefore;
  const folderAfter = dataDirBytes(db);
  const durations = ((await db.query(`SELECT "durationMs"::float8 AS ms FROM "StepRun" WHERE "runId" = $1 AND "nodeId" <> 'start'`, [runId])) as Rows).rows.map((r) => (r.ms ?? 0) - DELAY_MS);
  const [sizes] = ((await db.query(
    `SELECT max(octet_length(output::text))::float8 AS "maxOutput", sum(octet_length(output::text))::float8 AS outputs, max(octet_length(input::text))::float8 AS "maxInput"
       FROM "RunStep" WHERE "runId" = $1`,
    [runId],
  )) as Rows).rows;
  const { commits } = store;
  const alone = await storeAlone(db, commits, replays);
  const s = scheduleOf(graph, maxParallel);
  const idlePerStep = (makespan * maxParallel - s.totalWorkMs) / steps;
  const folder = folderBefore === undefined || folderAfter === undefined ? '' : `; data folder ${mb(folderBefore)} → ${mb(folderAfter)}`;
  const stepWrites = commits.reduce((n, c) => n + c.steps.length, 0);
  const events = commits.reduce((n, c) => n + c.events.length, 0);
  return [
    `  maxParallel ${String(maxParallel).padEnd(3)}  makespan ${makespan.toFixed(0)} ms = ${(makespan / s.listScheduleMs).toFixed(2)}× the list schedule (${s.listScheduleMs.toFixed(0)} ms), ` +
      `${(makespan / s.lowerBoundMs).toFixed(2)}× the lower bound (${s.lowerBoundMs.toFixed(0)} ms: critical path ${s.criticalPathMs} ms, work/m ${(s.totalWorkMs / maxParallel).toFixed(0)} ms)  [${load()}]`,
    `    a delay's recorded duration over its ${DELAY_MS} ms: median ${quantile(durations, 0.5).toFixed(1)} ms, p95 ${quantile(durations, 0.95).toFixed(1)} ms; ` +
      `slots idle ${idlePerStep.toFixed(2)} ms a step; ${statements} commit statements`,
    `    the store alone, writing this run's ${stepWrites} step writes and ${events} events again: ${alone.groupedMs.toFixed(0)} ms as grouped (${commits.length} commits), ` +
      `${alone.oneMs.toFixed(0)} ms in one statement (the floor)  [${load()}]`,
    `    peak RSS ${mb(peakRss)} (${mb(rssBefore)} before); run tables +${(tablesGrowth / steps).toFixed(0)} bytes a step${folder}; ` +
      `largest output ${sizes?.maxOutput ?? 0} bytes, all outputs ${sizes?.outputs ?? 0} bytes, largest input ${sizes?.maxInput ?? 0} bytes`,
  ].join('\n');
}

/**
 * What the durable figures are set against besides the bounds: the same graph on the in-memory store (no
 * commit latency: the engine's own gaps), and how long a bare 5 ms timer takes on this machine now.
 */
export async function layeredReferenceFigures(): Promise<string[]> {
  const timer: number[] = [];
  for (let i = 0; i < 200; i += 1) {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
    timer.push(performance.now() - started);
  }
  const mean = timer.reduce((a, b) => a + b, 0) / timer.length;
  const lines = [`layered graph, references: a bare ${DELAY_MS} ms timer takes ${mean.toFixed(2)} ms on average (median ${quantile(timer, 0.5).toFixed(2)}, p95 ${quantile(timer, 0.95).toFixed(2)})  [${load()}]`];
  // A version's first run on an engine pays this; the runs measured below are later ones (graph-cache.ts).
  const compile: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const graph = mosaicGraph(256);
    const started = performance.now();
    indexGraph(assertValidGraph(graph, registry, { limits: GRAPH_LIMITS }), registry);
    compile.push(performance.now() - started);
  }
  lines.push(`  validating and compiling the graph (a version's first run on an engine; cached for the runs below): median ${quantile(compile, 0.5).toFixed(1)} ms of 5  [${load()}]`);
  for (const maxParallel of [8, 256]) {
    const graph = mosaicGraph(maxParallel);
    const bench = createBenchEngine();
    await timeRuns(graph, 1, bench); // compiles the graph
    const makespans: number[] = [];
    for (let i = 0; i < 3; i += 1) makespans.push(await timeRuns(graph, 1, bench));
    const s = scheduleOf(graph, maxParallel);
    const best = Math.min(...makespans);
    lines.push(`  in-memory store, maxParallel ${String(maxParallel).padEnd(3)}  makespan ${best.toFixed(0)} ms (best of 3) = ${(best / s.listScheduleMs).toFixed(2)}× the list schedule (${s.listScheduleMs.toFixed(0)} ms)  [${load()}]`);
  }
  return lines;
}

export async function layeredDelayFigures(db: Durable): Promise<string[]> {
  const graph = mosaicGraph(8);
  const lines = [`${db.name}: layered graph of ${graph.nodes.length - 1} delay steps of ${DELAY_MS} ms and ${graph.edges.length} edges (fan-out 350, fan-in 1,000 and 350)`];
  for (const maxParallel of [8, 256]) lines.push(await runMosaic(db, maxParallel));
  return lines;
}

/** A full collection, so that what is measured is what is still referenced. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const MASTERY_RUNS = 1_000;
const AT_ONCE = 20;

export async function masteryMemoryFigures(db: Durable): Promise<string[]> {
  const { engine } = durableEngine(db);
  const ids = await createRuns(db, layeredGraph(), MASTERY_RUNS);
  const runAll = async (batch: readonly RunId[]) => {
    await Promise.all(batch.map((id) => engine.start(id)));
    const ended = await Promise.all(batch.map((id) => engine.untilAtRest(id)));
    const failed = ended.find((run) => run.status !== 'SUCCEEDED');
    if (failed !== undefined) throw new Error(`bench run ended ${failed.status}: ${failed.error?.message ?? ''}`);
  };
  await runAll(ids.slice(0, AT_ONCE)); // warm-up: JIT, the compiled graph, connections
  collect();
  const before = process.memoryUsage();
  const started = performance.now();
  for (let i = AT_ONCE; i < ids.length; i += AT_ONCE) await runAll(ids.slice(i, i + AT_ONCE));
  const ms = performance.now() - started;
  collect();
  const after = process.memoryUsage();
  const active = ids.filter((id) => engine.isActive(id)).length;
  return [
    `${db.name}: ${MASTERY_RUNS} runs of a 50-step mastery, ${AT_ONCE} at a time, on one engine (${((ids.length - AT_ONCE) * 50 / (ms / 1000)).toFixed(0)} steps/s)  [${load()}]`,
    `  after the first ${AT_ONCE}: RSS ${mb(before.rss)}, heap used ${mb(before.heapUsed)}; after all ${MASTERY_RUNS}: RSS ${mb(after.rss)}, heap used ${mb(after.heapUsed)}; ` +
      `runs the engine still holds: ${active}`,
  ];
}
