/**
 * API latency while runaway expressions run: the real tRPC endpoint over HTTP on the embedded database,
 * the run runtime with its expression pool, as the server has them. `runs.get` is called every 10 ms,
 * first with nothing else going on, then while ten runs evaluate hostile transforms (the `$pad` bomb
 * and a backtracking regex, five each), until all ten have failed. Prints figures only.
 *
 *   npm run bench:runaway
 */
import { loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from '@/server/db/connect';
import type { RunId } from '@/server/engine/graph';
import { makeGraph } from '@/server/engine/testing/make-graph';
import { expressionPool } from '@/server/sandbox/expression-pool';
import { makeMasteryWithGraph, makeTeam, runtimeFor } from '@/test/api';
import { pgliteTemplate } from '@/test/db';
import { startApiServer, type ApiServer } from '@/test/http-api';

const RUNAWAYS = ["$length($pad('', 140000000))", `$contains(input.s, /^(a+)+$/)`];
const EVIL_TEXT = `${'a'.repeat(29)}b`;
const BASELINE_CALLS = 200;

const transformGraph = (expression: string) =>
  makeGraph({ nodes: [{ id: 'input', type: 'input' }, { id: 'shape', type: 'transform', config: { expression } }], edges: ['input->shape'] });

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function figures(latencies: readonly number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  return `${sorted.length} calls: p50 ${fmt(percentile(sorted, 0.5))}, p95 ${fmt(percentile(sorted, 0.95))}, p99 ${fmt(percentile(sorted, 0.99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}`;
}

/** Calls `runs.get` every 10 ms until `until` says it is done. */
async function callWhile(api: ApiServer, runId: string, until: { isDone(): boolean }): Promise<number[]> {
  const latencies: number[] = [];
  while (!until.isDone()) {
    const started = performance.now();
    await api.client.runs.get.query({ id: runId });
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

async function main(): Promise<void> {
  const pglite = new PGlite({ loadDataDir: await pgliteTemplate() });
  const handle = openDb({ kind: 'pglite-instance', pglite });
  const db = handle.client;
  const team = await makeTeam(db, 'Bench');
  const api = await startApiServer(db, { user: team.members.EDITOR, activeTeamId: team.id });
  const engine = runtimeFor(db).engine;

  const fine = await makeMasteryWithGraph(db, team.id, transformGraph('input.n * 2'));
  const warm = await api.client.runs.start.mutate({ masteryId: fine.masteryId, input: { n: 1 } });
  await engine.untilAtRest(warm.id as RunId);
  let calls = 0;
  const baseline = await callWhile(api, warm.id, { isDone: () => ++calls > BASELINE_CALLS });

  const masteries = await Promise.all(RUNAWAYS.map((expression) => makeMasteryWithGraph(db, team.id, transformGraph(expression))));
  const started = performance.now();
  const runs = [];
  for (let i = 0; i < 10; i += 1) {
    const mastery = masteries[i % masteries.length];
    if (mastery !== undefined) runs.push(await api.client.runs.start.mutate({ masteryId: mastery.masteryId, input: { s: EVIL_TEXT } }));
  }
  let isAtRest = false;
  const atRest = Promise.all(runs.map((run) => engine.untilAtRest(run.id as RunId))).finally(() => (isAtRest = true));
  const during = await callWhile(api, warm.id, { isDone: () => isAtRest });
  const outcomes = await atRest;
  const took = performance.now() - started;

  const failed = outcomes.filter((run) => run.status === 'FAILED' && run.error?.code === 'EXPRESSION_FAILED').length;
  console.log(`API latency (runs.get over HTTP, embedded database, load average ${loadavg()[0]?.toFixed(1)}):`);
  console.log(`  idle                         ${figures(baseline)}`);
  console.log(`  ten runaway expressions      ${figures(during)}`);
  console.log(`  the ten runs: ${failed} of ${runs.length} failed with EXPRESSION_FAILED, in ${(took / 1000).toFixed(1)} s (two children, 1 s limit each)`);

  expressionPool().close();
  await api.close();
  await handle.close();
  process.exit(0);
}

void main();
