/**
 * Helpers for tests and benchmarks of queue mode with real processes: a fresh PostgreSQL database, a
 * Redis check, a counting HTTP endpoint, and queue-child.ts processes (coordinator, workers).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import type { RunId } from '@/server/engine/graph';
import { env } from '@/server/env';
import { chainEdges, makeGraph } from '@/server/engine/testing/make-graph';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import { createRunRuntime } from '@/server/runs/runtime';
import { queueNames } from '../names';
import { openCoordinator, startWorker, type QueueConfig } from '../queue-mode';
import { StepWorker } from '../step-worker';
import { callNode } from './call-node';

const CHILD = path.resolve('server/queue/testing/queue-child.ts');

/** Whether Redis answers at `url` (within a second). */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * Whether the queue-mode tests of `what` can run here: they need PostgreSQL (TEST_DATABASE_URL) and Redis
 * (TEST_REDIS_URL); when either is missing they are skipped, saying why.
 */
export async function canTestQueueMode(what: string): Promise<boolean> {
  const isRedisUp = await redisAnswers(env.TEST_REDIS_URL);
  if (!isRedisUp) console.warn(`${what} skipped: Redis does not answer at ${env.TEST_REDIS_URL} (set TEST_REDIS_URL)`);
  if (env.TEST_DATABASE_URL === undefined) console.warn(`${what} skipped: it needs PostgreSQL (set TEST_DATABASE_URL)`);
  return isRedisUp && env.TEST_DATABASE_URL !== undefined;
}

/** Records every POST body; `calls` in arrival order. */
export interface Counter {
  url: string;
  calls: string[];
  close(): Promise<void>;
}

export async function startCounter(): Promise<Counter> {
  const calls: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls.push(body);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/count`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Child {
  process: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the first stdout line that starts with `word`. */
  line(word: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export interface ChildSetup {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  counterUrl: string;
  env?: Record<string, string>;
}

export function startChild(role: 'coordinator' | 'driver' | 'worker' | 'start', setup: ChildSetup, extra: readonly string[] = []): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, role, setup.databaseUrl, setup.redisUrl, setup.prefix, setup.counterUrl, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...setup.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const line = (word: string, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role} printed no "${word}" in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      const check = () => {
        const found = stdout.split('\n').find((l) => l.startsWith(word));
        if (found === undefined) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(found);
      };
      child.stdout.on('data', check);
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`${role} exited (${exit.code ?? exit.signal}) before "${word}": ${exit.stderr}`));
      });
      check();
    });
  return { process: child, line, exited };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A coordinator (engine + QueueDispatcher) and, unless `workers` is 0, a worker, in this process. */
export async function inProcessQueue(db: PrismaClient, options: { redisUrl: string; prefix: string; counterUrl: string; workers?: number; concurrency?: number; leaseMs?: number }) {
  const config: QueueConfig = { redisUrl: options.redisUrl, names: queueNames(options.prefix), runSteps: false, concurrency: options.concurrency ?? 4, leaseMs: options.leaseMs ?? 2000, graceMs: 1000 };
  const registry = createRegistry([...builtInNodeTypes, callNode(options.counterUrl)]);
  const coordinator = openCoordinator(db, config);
  const runtime = createRunRuntime(db, { registry, events: coordinator.events, dispatcher: () => coordinator.dispatcher });
  const workers: StepWorker[] = [];
  for (let i = 0; i < (options.workers ?? 1); i += 1) workers.push(await startWorker(db, config, runtime.executor, coordinator.events));
  return {
    runtime,
    workers,
    dispatcher: coordinator.dispatcher,
    /** A worker that takes nothing off the queue: tests hand it deliveries themselves. */
    detachedWorker: () => new StepWorker({ db, redisUrl: config.redisUrl, names: config.names, executor: runtime.executor, events: coordinator.events, concurrency: 1, leaseMs: config.leaseMs }),
    async close() {
      await Promise.all(workers.map((w) => w.stop(0)));
      await coordinator.close();
      runtime.stop();
    },
  };
}

/** A chain `input → c1 … cN → result` of counting steps, as a new mastery of the team (a new one by default). */
export async function chainMastery(db: PrismaClient, steps: number, stepMs: number, teamId?: string) {
  const calls = Array.from({ length: steps }, (_, i) => `c${i + 1}`);
  const graph = makeGraph({
    nodes: [{ id: 'input', type: 'input' }, ...calls.map((id) => ({ id, type: 'call', config: { ms: stepMs } })), { id: 'result', type: 'output', config: {} }],
    edges: chainEdges('input', ...calls, 'result'),
  });
  return publishedMastery(db, graph, 'Chain', teamId);
}

/** `graph` as the published version of a new mastery of the team (a new team by default). */
export async function publishedMastery(db: PrismaClient, graph: object, name: string, teamId?: string) {
  const team = teamId === undefined ? await db.team.create({ data: { name: 'Queue' } }) : await db.team.findUniqueOrThrow({ where: { id: teamId } });
  const mastery = await db.mastery.create({ data: { teamId: team.id, name } });
  const version = await db.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph, status: 'PUBLISHED' } });
  await db.mastery.update({ where: { id: mastery.id }, data: { currentVersionId: version.id } });
  return {
    team,
    mastery,
    /** A QUEUED run with its first event, as runs.start creates one. */
    async queueRun(): Promise<RunId> {
      const run = await db.run.create({ data: { teamId: team.id, masteryId: mastery.id, versionId: version.id, input: {}, lastSeq: 1 } });
      await db.runEvent.create({ data: { runId: run.id, seq: 1, type: 'run.status', payload: { type: 'run.status', status: 'QUEUED' } } });
      return run.id as RunId;
    },
  };
}

/** Resolves once `isDone()` holds, checked every 50 ms; fails naming `what` (and `state()`, if given) after `timeoutMs`. */
export async function until(what: string, isDone: () => Promise<boolean>, timeoutMs: number, state?: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isDone())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state === undefined ? '' : `: ${JSON.stringify(await state())}`}`);
    await sleep(50);
  }
}

/** Calls per attempt (`runId nodeId attempt`), from a counter's log. */
export function callsByAttempt(calls: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    const key = call.split(' ').slice(0, 3).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
