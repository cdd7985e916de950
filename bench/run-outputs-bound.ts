/**
 * One run that passes a lot between steps, on PostgreSQL with the engine as the server wires it. Prints
 * how the run ended, when, and the process's peak memory; the bound on a run's outputs stops it.
 * - `<merges>`: a transform of 1 MB, then that many merge steps that each gather it (1 MB apiece);
 * - `layered`: the run view's 3,000-step layered DAG whose joining steps merge their inputs' outputs, so
 *   the data grows level after level (e2e/support/big-run.ts).
 *
 *   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/run-outputs-bound.ts [merges | layered] [bound in MB | unbounded]
 */
import { loadavg } from 'node:os';
import { createEngine } from '@/server/engine/engine';
import { DEFAULT_EXPRESSION_LIMITS } from '@/server/engine/expressions';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { DEFAULT_RUN_LIMITS, type RunLimits } from '@/server/engine/json-limits';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { bigRunGraph } from '../e2e/support/big-run';
import { createRuns, postgres } from './engine-durable';

function boundOf(arg: string | undefined): RunLimits {
  if (arg === undefined) return DEFAULT_RUN_LIMITS;
  return { maxOutputsChars: arg === 'unbounded' ? Number.POSITIVE_INFINITY : Number(arg) * 2 ** 20 };
}

function mergesGraph(merges: number) {
  const at = { x: 0, y: 0 };
  const nodes: Array<Record<string, unknown>> = [
    { id: 'input', type: 'input', name: 'Input', position: at, config: {} },
    { id: 'big', type: 'transform', name: 'Big', position: at, config: { expression: '$pad("", 1000000, "x")' } },
  ];
  const edges: Array<Record<string, unknown>> = [{ id: 'e-big', source: 'input', target: 'big' }];
  for (let i = 0; i < merges; i++) {
    nodes.push({ id: `m${i}`, type: 'merge', name: `Merge ${i}`, position: at, config: {} });
    edges.push({ id: `e${i}-big`, source: 'big', target: `m${i}` }, { id: `e${i}-input`, source: 'input', target: `m${i}` });
  }
  return { nodes, edges, settings: { maxParallel: 8 } };
}

async function main(): Promise<void> {
  const shape = process.argv[2] ?? '3000';
  const graph = shape === 'layered' ? bigRunGraph({ smallOutputs: false }) : mergesGraph(Number(shape));
  const db = await postgres(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const registry = createRegistry(builtInNodeTypes);
  const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const store = new PrismaRunStore(db.handle.client);
  const graphLimits = { maxNodes: 5_000, maxEdges: 20_000, maxChars: 3_000_000 };
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry, graphLimits, runLimits: boundOf(process.argv[3]) });
  const [runId] = await createRuns(db, graph, 1);
  if (runId === undefined) throw new Error('no run was created');
  const started = performance.now();
  await engine.start(runId);
  const run = await engine.untilAtRest(runId);
  const seconds = (performance.now() - started) / 1000;
  const succeeded = await db.handle.client.runStep.count({ where: { runId, status: 'SUCCEEDED' } });
  const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(`${shape === 'layered' ? `layered DAG of ${graph.nodes.length} steps` : `${shape} merges of 1 MB`}, bound ${process.argv[3] ?? 'default'}: ${run.status} ${run.error?.code ?? ''} after ${seconds.toFixed(1)} s, ${succeeded} steps succeeded, peak RSS ${peakMb} MB (load ${loadavg().map((n) => n.toFixed(1)).join(' ')})`);
  await db.close();
}

await main();
