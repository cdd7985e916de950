/**
 * Per-step overhead of the engine on in-memory ports, beside a bare in-memory Kahn scheduler measured in
 * the same process, and realistic masteries: the three demo masteries (their HTTP and LLM steps answer
 * at once with canned data, so the figure is the engine's own cost) and a 200-node fan-out/fan-in.
 * Prints figures; never passes or fails on a time.
 *
 *   npx tsx bench/engine-memory.ts
 *
 * The durable part (embedded database, PostgreSQL) belongs to `bench/engine.ts`, which imports these.
 */
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import type { RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { defineNodeType, done, type NodeType } from '@/server/engine/node-type';
import { noopLogger } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { InMemoryRunStore } from '@/server/engine/testing/memory-store';
import { createRegistry, builtInNodeTypes } from '@/server/nodes';
import { apiReportGraph, flakyImportGraph, researchAndCritiqueGraph } from '@/prisma/seed/demo-graphs';

const noopNode = defineNodeType({
  type: 'noop',
  title: 'No-op',
  category: 'flow',
  description: 'Does nothing: measures the engine alone',
  icon: 'circle',
  configSchema: z.object({}),
  outputs: ['out'],
  effects: 'none',
  execute: async () => done(null),
});

/** A built-in type with its config schema, answering at once with `answer(config)`: no network, no model. */
function canned(real: NodeType, answer: (config: Record<string, unknown>) => unknown): NodeType {
  return defineNodeType({
    ...real,
    configSchema: real.configSchema.pipe(z.record(z.string(), z.unknown())),
    execute: async (ctx) => done(answer(ctx.config)),
  });
}

const builtIn = (type: string): NodeType => {
  const found = builtInNodeTypes.find((nodeType) => nodeType.type === type);
  if (found === undefined) throw new Error(`no built-in node type "${type}"`);
  return found;
};

const sales = { region: 'north', orders: Array.from({ length: 20 }, (_, i) => ({ customer: `c${i}`, amount: 100 + i * 7.5 })) };
const rows = { batch: 1, rows: Array.from({ length: 50 }, (_, i) => ({ id: i, value: `row ${i}` })) };
const cannedHttp = canned(builtIn('http'), (config) => (String(config.url).includes('/flaky') ? rows : sales));
const cannedLlm = canned(builtIn('llm'), (config) => `An answer of a few hundred characters to: ${String(config.prompt).slice(0, 200)}`);

export const registry = createRegistry([...builtInNodeTypes, noopNode]);
export const realisticRegistry = createRegistry([...builtInNodeTypes.filter((t) => t.type !== 'http' && t.type !== 'llm'), cannedHttp, cannedLlm]);
export const GRAPH_LIMITS = { maxNodes: 20_000, maxEdges: 50_000 };

interface BenchNode {
  id: string;
  type: string;
  name: string;
  position: { x: number; y: number };
  config: object;
}

export interface BenchGraph {
  nodes: BenchNode[];
  edges: Array<{ id: string; source: string; target: string }>;
  settings: { maxParallel: number };
}

export function node(id: string, type = 'noop', config: object = {}): BenchNode {
  return { id, type, name: id, position: { x: 0, y: 0 }, config };
}

export function chainGraph(steps: number): BenchGraph {
  const nodes = [node('start', 'input')];
  const edges: BenchGraph['edges'] = [];
  for (let i = 1; i <= steps; i += 1) {
    nodes.push(node(`s${i}`));
    edges.push({ id: `e${i}`, source: i === 1 ? 'start' : `s${i - 1}`, target: `s${i}` });
  }
  return { nodes, edges, settings: { maxParallel: 4 } };
}

export function fanOutGraph(width: number, maxParallel = 4): BenchGraph {
  const nodes = [node('start', 'input')];
  const edges: BenchGraph['edges'] = [];
  for (let i = 1; i <= width; i += 1) {
    nodes.push(node(`s${i}`));
    edges.push({ id: `e${i}`, source: 'start', target: `s${i}` });
  }
  return { nodes, edges, settings: { maxParallel } };
}

/** A mastery-like DAG: the input, then 7 layers of 7 steps, each layer wired to the whole next one (50 steps). */
export function layeredGraph(layers = 7, width = 7): BenchGraph {
  const nodes = [node('start', 'input')];
  const edges: BenchGraph['edges'] = [];
  let previous = ['start'];
  for (let layer = 0; layer < layers; layer += 1) {
    const current = Array.from({ length: width }, (_, i) => `l${layer}_${i}`);
    for (const id of current) {
      nodes.push(node(id));
      for (const source of previous) edges.push({ id: `e${edges.length}`, source, target: id });
    }
    previous = current;
  }
  return { nodes, edges, settings: { maxParallel: 4 } };
}

/**
 * 200 nodes of real types: the input, 197 transforms that each shape the input their own way, a merge
 * of all of them, and the output counting what the merge gathered.
 */
export function fanOutFanInGraph(branches = 197, maxParallel = 8): BenchGraph {
  const nodes = [node('start', 'input')];
  const edges: BenchGraph['edges'] = [];
  for (let i = 0; i < branches; i += 1) {
    nodes.push(node(`b${i}`, 'transform', { expression: `{ "branch": ${i}, "region": input.region, "score": input.base * ${i} }` }));
    edges.push({ id: `in${i}`, source: 'start', target: `b${i}` }, { id: `out${i}`, source: `b${i}`, target: 'gather' });
  }
  nodes.push(node('gather', 'merge', { mode: 'array' }), node('result', 'output', { result: '{{ { "branches": $count(steps.gather.output) } }}' }));
  edges.push({ id: 'e-result', source: 'gather', target: 'result' });
  return { nodes, edges, settings: { maxParallel } };
}

export type BenchEngine = ReturnType<typeof createBenchEngine>;

export function createBenchEngine(nodeTypes = registry) {
  const store = new InMemoryRunStore();
  const dispatcher = new InProcessDispatcher({ registry: nodeTypes, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry: nodeTypes, graphLimits: GRAPH_LIMITS });
  return { store, engine };
}

/**
 * Wall time of `runs` concurrent runs of `graph`, from start to the last one at rest, in ms. A fresh
 * engine validates and compiles the graph inside the timing; a reused one has it cached, as a server
 * running one version many times does (by object here, by `graphKey` with a database).
 */
export async function timeRuns(graph: object, runs = 1, bench: BenchEngine = createBenchEngine(), input: unknown = {}): Promise<number> {
  const { store, engine } = bench;
  const ids: RunId[] = Array.from({ length: runs }, () => store.createRun({ graph, input }));
  const started = performance.now();
  await Promise.all(ids.map((id) => engine.start(id)));
  const results = await Promise.all(ids.map((id) => engine.untilAtRest(id)));
  const elapsed = performance.now() - started;
  const failed = results.find((run) => run.status !== 'SUCCEEDED');
  if (failed !== undefined) throw new Error(`bench run ${failed.id} ended ${failed.status}: ${failed.error?.message ?? ''}`);
  for (const id of ids) store.forget(id);
  return elapsed;
}

/** The floor: Kahn's algorithm over adjacency arrays, calling a no-op per step, nothing else. */
export function timeKahn(graph: BenchGraph): number {
  const started = performance.now();
  const indexOf = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const out: number[][] = graph.nodes.map(() => []);
  const indegree: number[] = graph.nodes.map(() => 0);
  for (const edge of graph.edges) {
    const source = indexOf.get(edge.source) ?? 0;
    const target = indexOf.get(edge.target) ?? 0;
    out[source]?.push(target);
    indegree[target] = (indegree[target] ?? 0) + 1;
  }
  const queue: number[] = [];
  indegree.forEach((degree, i) => degree === 0 && queue.push(i));
  let executed = 0;
  for (let head = 0; head < queue.length; head += 1) {
    executed += noop(queue[head] ?? 0);
    for (const target of out[queue[head] ?? 0] ?? []) {
      indegree[target] = (indegree[target] ?? 0) - 1;
      if (indegree[target] === 0) queue.push(target);
    }
  }
  if (executed !== graph.nodes.length) throw new Error('kahn baseline did not visit every step');
  return performance.now() - started;
}

function noop(index: number): number {
  return index >= 0 ? 1 : 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export interface Figure {
  scenario: string;
  steps: number;
  /** Median over the repeats, the graph validated and compiled inside the timing (a version's first run). */
  engineUsPerStep: number;
  /** Best of those repeats: the figure least disturbed by other work on a shared machine. */
  engineBestUsPerStep: number;
  /** Median with the compiled graph cached (later runs of the same version): the scheduler alone. */
  cachedUsPerStep: number;
  kahnUsPerStep: number;
}

interface Scenario {
  scenario: string;
  graph: BenchGraph;
  runs: number;
}

/**
 * Steady state, as in a long-lived server: each shape first runs until the JIT has warmed up. Then the
 * scenarios are timed round-robin, about 10,000 steps of each a round, ten rounds: each scenario's median
 * covers the same minutes as the others', since this shared machine's speed drifts within a minute.
 */
async function measureAll(scenarios: readonly Scenario[]): Promise<Figure[]> {
  const timed = scenarios.map((scenario) => {
    const steps = (scenario.graph.nodes.length - 1) * scenario.runs; // the input step is not counted
    return { ...scenario, steps, reused: createBenchEngine(), engineMs: [] as number[], cachedMs: [] as number[], kahnMs: [] as number[] };
  });
  for (const { graph, runs, steps, reused } of timed) {
    const warmups = Math.max(2, Math.ceil(20_000 / steps));
    for (let i = 0; i < warmups; i += 1) await timeRuns(graph, runs, i % 2 === 0 ? reused : undefined);
  }
  for (let round = 0; round < 10; round += 1) {
    for (const { graph, runs, steps, reused, engineMs, cachedMs, kahnMs } of timed) {
      for (let i = 0; i < Math.max(1, Math.round(10_000 / steps)); i += 1) {
        engineMs.push(await timeRuns(graph, runs));
        cachedMs.push(await timeRuns(graph, runs, reused));
        let kahn = 0;
        for (let r = 0; r < runs; r += 1) kahn += timeKahn(graph);
        kahnMs.push(kahn);
      }
    }
  }
  return timed.map(({ scenario, steps, engineMs, cachedMs, kahnMs }) => {
    const perStep = (ms: number) => (ms * 1000) / steps;
    return {
      scenario,
      steps,
      engineUsPerStep: perStep(median(engineMs)),
      engineBestUsPerStep: perStep(Math.min(...engineMs)),
      cachedUsPerStep: perStep(median(cachedMs)),
      kahnUsPerStep: perStep(median(kahnMs)),
    };
  });
}

export interface RealisticFigure {
  scenario: string;
  /** Steps a run executes, the input step included (every step of these does real work). */
  steps: number;
  /** Median of one run at a time, the graph cached, as a server running a saved version. */
  msPerRun: number;
  usPerStep: number;
  /** Fastest run: the figure least disturbed by other work on a shared machine. */
  bestMsPerRun: number;
}

interface Realistic {
  scenario: string;
  graph: object;
  input: unknown;
  steps: number;
}

const DEMO_URL = 'http://demo.invalid';

export function realisticScenarios(): Realistic[] {
  return [
    { scenario: 'demo: API report', graph: apiReportGraph(DEMO_URL), input: { region: 'north' }, steps: 5 },
    { scenario: 'demo: research and critique', graph: researchAndCritiqueGraph({ researcher: 'agent_r', critic: 'agent_c' }), input: { topic: 'Heat pumps in cold climates' }, steps: 5 },
    { scenario: 'demo: flaky import', graph: flakyImportGraph(DEMO_URL), input: { batch: 1 }, steps: 4 },
    { scenario: '200-node fan-out/fan-in', graph: fanOutFanInGraph(), input: { region: 'north', base: 3 }, steps: 200 },
  ];
}

/** Runs of each realistic mastery one after the other, round-robin, about 2,000 steps of each a round. */
export async function measureRealistic(rounds = 10): Promise<RealisticFigure[]> {
  const timed = realisticScenarios().map((scenario) => ({ ...scenario, bench: createBenchEngine(realisticRegistry), ms: [] as number[] }));
  for (const { graph, input, steps, bench } of timed) {
    for (let i = 0; i < Math.ceil(4_000 / steps); i += 1) await timeRuns(graph, 1, bench, input);
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const { graph, input, steps, bench, ms } of timed) {
      for (let i = 0; i < Math.ceil(2_000 / steps); i += 1) ms.push(await timeRuns(graph, 1, bench, input));
    }
  }
  return timed.map(({ scenario, steps, ms }) => ({ scenario, steps, msPerRun: median(ms), usPerStep: (median(ms) * 1000) / steps, bestMsPerRun: Math.min(...ms) }));
}

export interface MemoryBench {
  figures: Figure[];
  realistic: RealisticFigure[];
}

export async function runEngineMemoryBench(): Promise<MemoryBench> {
  const figures = await measureAll([
    { scenario: 'chain of 1,000 no-op steps', graph: chainGraph(1_000), runs: 1 },
    { scenario: 'fan-out of 1,000 (maxParallel 4)', graph: fanOutGraph(1_000), runs: 1 },
    { scenario: '20 concurrent runs of a 50-step mastery', graph: layeredGraph(), runs: 20 },
  ]);
  return { figures, realistic: await measureRealistic() };
}

export function formatFigures({ figures, realistic }: MemoryBench): string {
  const rows = figures.map(
    (f) =>
      `${f.scenario.padEnd(42)} ${String(f.steps).padStart(6)} steps  engine ${f.engineUsPerStep.toFixed(2).padStart(6)} µs/step ` +
      `(best ${f.engineBestUsPerStep.toFixed(2)}; graph cached ${f.cachedUsPerStep.toFixed(2)})  kahn ${f.kahnUsPerStep.toFixed(3)} µs/step`,
  );
  rows.push('realistic masteries (HTTP and LLM steps answer at once; graph cached; median of runs one at a time)');
  for (const r of realistic) {
    rows.push(`  ${r.scenario.padEnd(40)} ${String(r.steps).padStart(6)} steps  ${r.msPerRun.toFixed(3).padStart(8)} ms/run  ${r.usPerStep.toFixed(1).padStart(7)} µs/step  (best ${r.bestMsPerRun.toFixed(3)} ms/run)`);
  }
  return rows.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bench = await runEngineMemoryBench();
  console.log(`engine, in-memory ports (node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  console.log(formatFigures(bench));
}
