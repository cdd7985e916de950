/**
 * Engine benchmarks (issue 4): per-step overhead on the in-memory store, the embedded database (PGlite
 * in a data folder, as `npm start` runs it) and PostgreSQL, beside two baselines measured in the same
 * run: a bare in-memory Kahn scheduler and one commit of a small row. Prints figures only.
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
import type { RunId } from '@/server/engine/graph';
import { InProcessDispatcher } from '@/server/engine/in-process-dispatcher';
import { MemoryEventBus } from '@/server/engine/memory-event-bus';
import { noopLogger } from '@/server/engine/ports';
import { realClock } from '@/server/engine/real-clock';
import { env } from '@/server/env';
import { openDb, type DbHandle } from '@/server/db/connect';
import { PrismaRunStore } from '@/server/runs/prisma-run-store';
import { dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { GRAPH_LIMITS, chainGraph, fanOutGraph, formatFigures, layeredGraph, registry, runEngineMemoryBench } from './engine-memory';

type Graph = ReturnType<typeof chainGraph>;

interface Durable {
  name: string;
  handle: DbHandle;
  commitMs(): Promise<number>;
  close(): Promise<void>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function embedded(): Promise<Durable> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ms-bench-'));
  const seed = new PGlite(dir, { loadDataDir: await pgliteTemplate() });
  await seed.close();
  const pglite = new PGlite(dir);
  const handle = openDb({ kind: 'pglite-instance', pglite });
  await pglite.exec('CREATE TABLE bench_commit (id serial PRIMARY KEY, v text)');
  return {
    name: 'embedded (PGlite, data folder)',
    handle,
    async commitMs() {
      const times: number[] = [];
      for (let i = 0; i < 500; i++) {
        const t = performance.now();
        await pglite.query('INSERT INTO bench_commit (v) VALUES ($1)', [`row ${i}`]);
        times.push(performance.now() - t);
      }
      return median(times);
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
  await client.query('CREATE TABLE bench_commit (id serial PRIMARY KEY, v text)');
  return {
    name: 'PostgreSQL (127.0.0.1)',
    handle,
    async commitMs() {
      const times: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const t = performance.now();
        await client.query('INSERT INTO bench_commit (v) VALUES ($1)', [`row ${i}`]);
        times.push(performance.now() - t);
      }
      return median(times);
    },
    async close() {
      await client.end();
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

async function timeDurable(db: Durable, graph: Graph, runs: number) {
  const client = db.handle.client;
  const store = new PrismaRunStore(client);
  const dispatcher = new InProcessDispatcher({ registry, clock: realClock, logger: noopLogger, expressionLimits: DEFAULT_EXPRESSION_LIMITS });
  const engine = createEngine({ store, dispatcher, events: new MemoryEventBus(), clock: realClock, registry, graphLimits: GRAPH_LIMITS });
  const team = await client.team.create({ data: { name: 'Bench' } });
  const mastery = await client.mastery.create({ data: { teamId: team.id, name: `Bench ${randomBytes(3).toString('hex')}` } });
  const version = await client.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: graph as object } });
  const ids = Array.from({ length: runs }, () => `bench_${randomBytes(8).toString('hex')}`);
  await client.run.createMany({ data: ids.map((id) => ({ id, teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 })) });
  await client.runEvent.createMany({ data: ids.map((runId) => ({ runId, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } })) });
  const started = performance.now();
  await Promise.all(ids.map((id) => engine.start(id as RunId)));
  const results = await Promise.all(ids.map((id) => engine.settled(id as RunId)));
  const ms = performance.now() - started;
  const failed = results.find((r) => r.status !== 'SUCCEEDED');
  if (failed) throw new Error(`bench run ended ${failed.status}: ${failed.error?.message ?? ''}`);
  const steps = (graph.nodes.length - 1) * runs;
  return { ms, steps, statements: store.statementCount };
}

async function durableFigures(db: Durable): Promise<string[]> {
  const commit = await db.commitMs();
  const lines = [`${db.name}: one commit of a small row ${commit.toFixed(3)} ms (median)`];
  await timeDurable(db, chainGraph(200), 1); // warm-up: JIT, connection pool, caches
  for (const [label, graph, runs] of [
    ['chain of 1,000 no-op steps', chainGraph(1_000), 1],
    ['chain of 10,000 no-op steps', chainGraph(10_000), 1],
    ['fan-out of 1,000 (maxParallel 4)', fanOutGraph(1_000), 1],
    ['20 concurrent runs of a 50-step mastery', layeredGraph(), 20],
  ] as const) {
    const { ms, steps, statements } = await timeDurable(db, graph, runs);
    const perStep = ms / steps;
    lines.push(
      `  ${label.padEnd(42)} ${String(steps).padStart(6)} steps  ${(perStep * 1000).toFixed(0).padStart(6)} µs/step  ` +
        `${(perStep / commit).toFixed(2)}× one commit  ${Math.round(steps / (ms / 1000))} steps/s  ${statements} statements`,
    );
  }
  return lines;
}

const header = `engine benchmark — node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
console.log(header);
console.log('\nin-memory store (median of repeats; kahn = bare scheduler baseline)');
console.log(formatFigures(await runEngineMemoryBench(5)));

const targets: Array<() => Promise<Durable>> = [embedded];
if (!env.BENCH_SKIP_POSTGRES) {
  targets.push(() => postgres(env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'));
}
for (const open of targets) {
  const db = await open();
  try {
    console.log(`\n${(await durableFigures(db)).join('\n')}`);
  } finally {
    await db.close();
  }
}
console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
