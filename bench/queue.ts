/**
 * Queue mode figures (PostgreSQL + Redis on this machine), beside raw BullMQ measured in the same run:
 *   - per-step cost on a 500-step chain: raw BullMQ (each job adds the next); one commit, the store's
 *     commit of what a chain step writes (its end and its successor's start) measured alone; the engine
 *     in one process; and queue mode (coordinator here, one worker process), for steps without effects
 *     (`delay` of 0 ms: the goal's case, a job and one commit a step) and with effects (a call to a local
 *     endpoint, which the worker also claims and whose outcome it stores: two more commits a step);
 *   - throughput of 20 concurrent runs whose steps wait on I/O (an HTTP call after 50 ms), on one and on
 *     two worker processes, beside a raw BullMQ drain at concurrency 10.
 *   npm run bench:queue     # BENCH_DATABASE_URL (default 127.0.0.1:5432), TEST_REDIS_URL (default 127.0.0.1:6379)
 */
import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import pg from 'pg';
import { openDb } from '@/server/db/connect';
import type { RunId } from '@/server/engine/graph';
import { chainEdges, makeGraph } from '@/server/engine/testing/make-graph';
import { env } from '@/server/env';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { queueNames } from '@/server/queue/names';
import { openCoordinator, type QueueConfig } from '@/server/queue/queue-mode';
import { callNode } from '@/server/queue/testing/call-node';
import { publishedMastery, redisAnswers, startChild, startCounter, type Child, type ChildSetup } from '@/server/queue/testing/cluster';
import { createRunRuntime, type RunRuntime } from '@/server/runs/runtime';
import { postgres, stepCommit } from './engine-durable';
import { dropDatabase, postgresTemplate, withDatabase } from '@/test/db';

const CHAIN = 500;
const IO_RUNS = 20;
const IO_STEPS = 10;
const IO_MS = 50;
const adminUrl = env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const redisUrl = env.TEST_REDIS_URL;

if (!(await redisAnswers(redisUrl))) {
  console.error(`Redis does not answer at ${redisUrl}; set TEST_REDIS_URL`);
  process.exit(1);
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

// ---------------------------------------------------------------- raw BullMQ

async function rawChain(prefix: string): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('chain', { prefix, connection });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker(
    'chain',
    async (job) => {
      const n = Number(job.data.n);
      if (n >= CHAIN) done();
      else await queue.add('step', { n: n + 1 }, { removeOnComplete: true });
    },
    { prefix, connection, concurrency: 1 },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.add('step', { n: 1 }, { removeOnComplete: true });
  await finished;
  const perStep = (performance.now() - started) / CHAIN;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return perStep;
}

async function rawDrain(prefix: string, jobs: number, waitMs: number): Promise<number> {
  const connection = { url: redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('drain', { prefix, connection });
  const events = new QueueEvents('drain', { prefix, connection });
  await events.waitUntilReady();
  await queue.addBulk(Array.from({ length: jobs }, (_, n) => ({ name: 'job', data: { n }, opts: { removeOnComplete: true } })));
  let left = jobs;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const started = performance.now();
  const worker = new Worker(
    'drain',
    async () => {
      await new Promise((r) => setTimeout(r, waitMs));
      left -= 1;
      if (left === 0) done();
    },
    { prefix, connection, concurrency: 10 },
  );
  await finished;
  const perSecond = jobs / ((performance.now() - started) / 1000);
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return perSecond;
}

// ---------------------------------------------------------------- the app

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const template = await postgresTemplate(adminUrl);
  const name = `ms_bench_queue_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return { url: withDatabase(adminUrl, name), drop: () => dropDatabase(admin, name).finally(() => admin.end()) };
}

async function queueRuns(db: PrismaClient, graph: object, count: number): Promise<RunId[]> {
  const mastery = await publishedMastery(db, graph, 'Bench');
  const ids: RunId[] = [];
  for (let i = 0; i < count; i += 1) ids.push(await mastery.queueRun());
  return ids;
}

async function timeRuns(runtime: RunRuntime, ids: readonly RunId[]): Promise<number> {
  const started = performance.now();
  await Promise.all(ids.map((id) => runtime.engine.start(id)));
  const ended = await Promise.all(ids.map((id) => runtime.engine.untilAtRest(id)));
  const failed = ended.filter((r) => r.status !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`${failed.length} run(s) did not succeed: ${JSON.stringify(failed[0]?.error)}`);
  return performance.now() - started;
}

const chainGraph = (steps: number, type: string, config: object, maxParallel = 4) => {
  const ids = Array.from({ length: steps }, (_, i) => `s${i + 1}`);
  return makeGraph({ nodes: [{ id: 'input', type: 'input' }, ...ids.map((id) => ({ id, type, config })), { id: 'result', type: 'output', config: {} }], edges: chainEdges('input', ...ids, 'result'), settings: { maxParallel } });
};

const counter = await startCounter();
const database = await freshDatabase();
const handle = openDb({ kind: 'postgres', url: database.url });
const db = handle.client;
const registry = createRegistry([...builtInNodeTypes, callNode(counter.url)]);
const prefix = `msbench-${Date.now().toString(36)}`;
const workers: Child[] = [];
try {
  const rawPerJob = await rawChain(`${prefix}-raw`);
  const rawDrainRate = await rawDrain(`${prefix}-raw`, IO_RUNS * IO_STEPS, IO_MS);
  const commitDb = await postgres(adminUrl);
  const oneCommit = await stepCommit(commitDb).finally(() => commitDb.close());

  const inProcess = createRunRuntime(db, { registry });
  const chain = chainGraph(CHAIN, 'delay', { ms: 0 });
  const inProcessPerStep = (await timeRuns(inProcess, await queueRuns(db, chain, 1))) / (CHAIN + 2);
  inProcess.stop();

  const config: QueueConfig = { redisUrl, names: queueNames(prefix), runSteps: false, concurrency: 10, leaseMs: 15_000, graceMs: 1000 };
  const coordinator = openCoordinator(db, config);
  const queued = createRunRuntime(db, { registry, events: coordinator.events, dispatcher: () => coordinator.dispatcher });
  const setup: ChildSetup = { databaseUrl: database.url, redisUrl, prefix, counterUrl: counter.url, env: { WORKER_CONCURRENCY: '10' } };
  workers.push(startChild('worker', setup));
  await workers[0]?.line('ready');
  await timeRuns(queued, await queueRuns(db, chainGraph(20, 'delay', { ms: 0 }), 1)); // warm-up
  const queuePerStep = (await timeRuns(queued, await queueRuns(db, chain, 1))) / (CHAIN + 2);
  // A server's run tables are analyzed by autovacuum within a minute of growing; this database grew
  // from empty seconds ago, and plans made on its first statistics would scan whole tables.
  const analyze = () => db.$executeRawUnsafe('ANALYZE "Run", "RunStep", "StepRun", "RunEvent", "StepDispatch"');
  await analyze();
  const withEffects = chainGraph(CHAIN, 'call', { ms: 0 });
  const withEffectsPerStep = (await timeRuns(queued, await queueRuns(db, withEffects, 1))) / (CHAIN + 2);

  await analyze();
  const io = chainGraph(IO_STEPS, 'call', { ms: IO_MS });
  const steps = IO_RUNS * (IO_STEPS + 2);
  const oneWorker = steps / ((await timeRuns(queued, await queueRuns(db, io, IO_RUNS))) / 1000);
  workers.push(startChild('worker', setup));
  await workers[1]?.line('ready');
  const twoWorkers = steps / ((await timeRuns(queued, await queueRuns(db, io, IO_RUNS))) / 1000);
  await coordinator.close();
  queued.stop();

  const goal = 2 * rawPerJob + oneCommit.store.mean;
  console.log(`Queue mode, PostgreSQL ${new URL(adminUrl).host}, Redis ${new URL(redisUrl).host}`);
  console.log(`per step, ${CHAIN}-step chain:`);
  console.log(`  raw BullMQ job chain          ${ms(rawPerJob)}`);
  console.log(`  one commit of a chain step     ${ms(oneCommit.store.mean)}   (a small row's: ${ms(oneCommit.small.mean)}; 1,000 alone, alternating)`);
  console.log(`  engine in one process          ${ms(inProcessPerStep)}   (effect-free steps start while their row is written)`);
  console.log(`  queue mode, one worker         ${ms(queuePerStep)}   goal ≤ 2 × raw + one commit = ${ms(goal)}: ${queuePerStep <= goal ? 'met' : 'NOT met'}`);
  console.log(`    steps with effects           ${ms(withEffectsPerStep)}   (claimed and stored by the worker, and the step waits for its row)`);
  console.log(`throughput, ${IO_RUNS} runs × ${IO_STEPS} steps waiting ${IO_MS} ms on I/O (steps/s):`);
  console.log(`  raw BullMQ drain, concurrency 10   ${rawDrainRate.toFixed(1)} jobs/s`);
  console.log(`  queue mode, one worker (10)        ${oneWorker.toFixed(1)}`);
  console.log(`  queue mode, two workers (10 each)  ${twoWorkers.toFixed(1)}   ${(twoWorkers / oneWorker).toFixed(2)}× one worker (goal ≥ 1.6×: ${twoWorkers / oneWorker >= 1.6 ? 'met' : 'NOT met'})`);
} finally {
  for (const worker of workers) worker.process.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  await handle.close();
  await database.drop();
  await counter.close();
}
process.exit(0);
