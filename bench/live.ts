/**
 * Live-view latency: a server process (bench/live-server.ts: the app's tRPC handler and run runtime on a
 * throwaway database: embedded, then PostgreSQL unless BENCH_SKIP_POSTGRES=1) runs RUNS runs of a STEPS-step mastery at once, and a client per run
 * follows it over `runs.watch` (Server-Sent Events), as the browser does. For every event that was
 * stored after its client was listening, the delay from the event's time (the `createdAt` its commit
 * stored) to its arrival here is measured. Prints p50, p95 and max of those delays and the server's
 * resident memory. Prints figures only.
 *
 *   npm run bench:live                        # PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432
 *   BENCH_SKIP_POSTGRES=1 npm run bench:live  # embedded only
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import pg from 'pg';
import { z } from 'zod';
import type { AppRouter } from '@/server/api/root';
import { dataTransformer } from '@/server/api/transformer';
import { env } from '@/server/env';
import { dropDatabase, withDatabase } from '@/test/db';
import { readEvents } from '@/test/http-api';

const RUNS = Number(process.env.LIVE_RUNS ?? 20);
const STEPS = Number(process.env.LIVE_STEPS ?? 50);
const STEP_MS = 20;
/** The first step waits this long, so that every client is listening before the others commit. */
const FIRST_STEP_MS = 2_000;

const readySchema = z.object({ url: z.string(), masteryId: z.string() });
const itemSchema = z.object({ kind: z.string(), at: z.number(), event: z.object({ type: z.string(), status: z.string().optional(), nodeId: z.string().optional() }).optional() });
const loopDelaySchema = z.object({ p50: z.number(), p95: z.number(), max: z.number() });
const publishedSchema = z.object({ publishDelays: z.array(z.number()), loopDelayMs: loopDelaySchema });
const showLoop = (d: z.infer<typeof loopDelaySchema>) => `p50 ${d.p50.toFixed(0)} ms, p95 ${d.p95.toFixed(0)} ms, max ${d.max.toFixed(0)} ms`;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** Resident and peak resident memory of a process, in MB (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

console.log(`live-view benchmark — node ${process.version}, ${availableParallelism()} cores, load ${load()}`);
console.log(`${RUNS} concurrent runs of ${STEPS} steps (delays of ${STEP_MS} ms after a first of ${FIRST_STEP_MS} ms), one runs.watch client each`);

interface Target {
  name: string;
  /** The server's environment for its database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

function embedded(): Target {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ms-bench-live-'));
  return { name: 'embedded (PGlite, data folder)', env: { DATA_DIR: dataDir }, close: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function postgres(adminUrl: string): Promise<Target> {
  const name = `ms_bench_live_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  return {
    name: `PostgreSQL (${new URL(adminUrl).host})`,
    env: { DATABASE_URL: withDatabase(adminUrl, name) },
    async close() {
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

async function measure(target: Target): Promise<void> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', 'bench/live-server.ts'], {
    env: { ...inherited, ...target.env, STEPS: String(STEPS), STEP_MS: String(STEP_MS), FIRST_STEP_MS: String(FIRST_STEP_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  console.log(`\n${target.name}`);
  let stopped = false;
  try {
    const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
    const nextLine = async () => {
      const line = await lines.next();
      if (line.done === true) throw new Error(`the server exited (code ${server.exitCode})`);
      return JSON.parse(line.value) as unknown;
    };
    const { url, masteryId } = readySchema.parse(await nextLine());
    const pid = server.pid ?? 0;
    console.log(`server ready (pid ${pid}): ${memoryOf(pid).rss.toFixed(0)} MB resident`);

    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, memoryOf(pid).rss)), 100);
    const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url, transformer: dataTransformer })] });
    const delays: number[] = [];
    let replayed = 0;
    const started = performance.now();
    const clientLoop = monitorEventLoopDelay({ resolution: 10 });
    clientLoop.enable();

    async function follow(): Promise<void> {
      const { id } = await client.runs.start.mutate({ masteryId, input: {} });
      const input = encodeURIComponent(JSON.stringify(dataTransformer.serialize({ id })));
      const response = await fetch(`${url}/runs.watch?input=${input}`, { headers: { accept: 'text/event-stream' } });
      if (response.status !== 200) throw new Error(`runs.watch answered ${response.status}`);
      const listening = Date.now();
      await readEvents(response, (data) => {
        const arrived = Date.now();
        const item = itemSchema.safeParse(data);
        if (!item.success || item.data.kind !== 'event') return false;
        // Events stored before the client listened come from the store: they measure nothing live.
        if (item.data.at >= listening) delays.push(arrived - item.data.at);
        else replayed += 1;
        return item.data.event?.type === 'run.status' && FINAL.has(item.data.event.status ?? '');
      });
    }

    await Promise.all(Array.from({ length: RUNS }, follow));
    clearInterval(sampler);
    const wall = performance.now() - started;
    const memory = memoryOf(pid);
    const sorted = [...delays].sort((a, b) => a - b);
    console.log(`${RUNS} runs ended in ${(wall / 1000).toFixed(1)} s; ${delays.length} live events measured (${replayed} replayed from the store, not counted)`);
    console.log(`commit → client delay: p50 ${percentile(sorted, 0.5)} ms, p95 ${percentile(sorted, 0.95)} ms, max ${sorted.at(-1)} ms`);
    server.kill('SIGTERM');
    stopped = true;
    clientLoop.disable();
    const { publishDelays, loopDelayMs } = publishedSchema.parse(await nextLine());
    const publishSorted = publishDelays.sort((a, b) => a - b);
    console.log(`  of which event → published on the server's bus (its commit, all ${publishSorted.length} events): p50 ${percentile(publishSorted, 0.5)} ms, p95 ${percentile(publishSorted, 0.95)} ms, max ${publishSorted.at(-1)} ms`);
    console.log(`event loop: a 10 ms timer fired after server ${showLoop(loopDelayMs)}; client ${showLoop({ p50: clientLoop.percentile(50) / 1e6, p95: clientLoop.percentile(95) / 1e6, max: clientLoop.max / 1e6 })}`);
    console.log(`server memory: ${memory.rss.toFixed(0)} MB resident at the end, ${maxRss.toFixed(0)} MB at most while running (peak ${memory.peak.toFixed(0)} MB)`);
  } finally {
    if (!stopped) server.kill('SIGTERM');
    await exited;
  }
}

const targets: Array<() => Promise<Target> | Target> = [embedded];
if (!env.BENCH_SKIP_POSTGRES) targets.push(() => postgres(env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'));
for (const open of targets) {
  const target = await open();
  try {
    await measure(target);
  } finally {
    await target.close();
  }
}
console.log(`\nload after: ${load()}`);
process.exit(0);
