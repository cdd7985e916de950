/**
 * Metrics benchmark: a year-sized history for one team (100,000 top-level runs and 1,000,000 step attempts
 * over 90 days, a third of the attempts LLM calls as one of five agents), loaded with set-based inserts
 * (generate_series) on the embedded database and on PostgreSQL, as a history older than the rollups: the
 * migration's backfill fills them (timed). What the rollup trigger adds to a run's final commit is timed
 * on runs ended one by one, with and without it. Then `metrics.summary` is timed for 7, 30 and 90 days, and the page's fill: the tRPC calls the
 * Metrics page makes (teams.mine, then teams.current, metrics.summary, budgets.list and prices.list
 * together), over HTTP to the app's tRPC handler served in this process, signed in as a team member.
 * The page's render by Next is not included. Prints figures only.
 *
 *   npm run bench:metrics                        # PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432
 *   BENCH_SKIP_POSTGRES=1 npm run bench:metrics  # embedded only
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { env } from '@/server/env';
import { openDb, type DbHandle } from '@/server/db/connect';
import { metricsSummary } from '@/server/metrics/service';
import { dropDatabase, pgliteTemplate, postgresTemplate, withDatabase } from '@/test/db';
import { startApiServer } from '@/test/http-api';

const RUNS = 100_000;
const ATTEMPTS_PER_RUN = 10;
const AGENTS = 5;
const MASTERIES = 20;
const REPEATS = 5;
const ENDINGS = 100;
const PERIODS = [7, 30, 90] as const;

interface Target {
  name: string;
  handle: DbHandle;
  close(): Promise<void>;
}

async function embedded(): Promise<Target> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ms-bench-metrics-'));
  const seed = new PGlite(dir, { loadDataDir: await pgliteTemplate() });
  await seed.close();
  const handle = openDb({ kind: 'pglite-instance', pglite: new PGlite(dir) });
  return {
    name: 'embedded (PGlite, data folder)',
    handle,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(adminUrl: string): Promise<Target> {
  const template = await postgresTemplate(adminUrl);
  const name = `ms_bench_metrics_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const handle = openDb({ kind: 'postgres', url: withDatabase(adminUrl, name) });
  return {
    name: 'PostgreSQL (127.0.0.1)',
    handle,
    async close() {
      await handle.close();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}

/** One team with masteries, versions and agents, then the runs and attempts in two statements. */
async function load(target: Target): Promise<{ teamId: string; userId: string; ms: number; endMs: number; endWith: number; endWithout: number }> {
  const db = target.handle.client;
  const started = performance.now();
  const team = await db.team.create({ data: { name: 'Bench' } });
  const user = await db.user.create({ data: { email: `bench-${team.id}@example.test`, name: 'Bench viewer', memberships: { create: { teamId: team.id, role: 'VIEWER' } } } });
  const masteries = await Promise.all(
    Array.from({ length: MASTERIES }, async (_, i) => {
      const mastery = await db.mastery.create({ data: { teamId: team.id, name: `Mastery ${i + 1}` } });
      const version = await db.masteryVersion.create({ data: { masteryId: mastery.id, number: 1, graph: { nodes: [], edges: [] } } });
      return { masteryId: mastery.id, versionId: version.id };
    }),
  );
  const agents = await Promise.all(
    Array.from({ length: AGENTS }, (_, i) => db.agent.create({ data: { teamId: team.id, name: `Agent ${i + 1}`, model: 'gpt-4o-mini', capabilities: [] } })),
  );
  const masteryIds = masteries.map((m) => m.masteryId);
  const versionIds = masteries.map((m) => m.versionId);
  const agentIds = agents.map((a) => a.id);
  // Inserted already ended, before their attempts: the rollup trigger waits for the backfill below.
  await db.$executeRawUnsafe('ALTER TABLE "Run" DISABLE TRIGGER "Run_metrics_on_insert"');
  // Run i starts i/RUNS of 90 days ago; one in ten fails; it lasts 1–30 s and spends 0–2,999 tokens.
  await db.$executeRaw`
    INSERT INTO "Run" (id, "teamId", "masteryId", "versionId", status, input, "createdAt", "startedAt", "finishedAt", "tokensIn", "tokensOut", "costUsd", "lastSeq")
    SELECT 'bench-run-' || i, ${team.id}, (${masteryIds}::text[])[1 + i % ${MASTERIES}], (${versionIds}::text[])[1 + i % ${MASTERIES}],
      (CASE WHEN i % 10 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END)::"RunStatus", '{}'::jsonb, at, at, at + (1 + i % 30) * interval '1 second',
      (i * 7) % 2000, (i * 13) % 1000, ((i * 7) % 3000) / 1e6, ${ATTEMPTS_PER_RUN}
    FROM generate_series(0, ${RUNS - 1}) AS i, LATERAL (SELECT now() - (i::double precision / ${RUNS}) * interval '90 days' AS at) t`;
  await db.$executeRawUnsafe('ALTER TABLE "Run" ENABLE TRIGGER "Run_metrics_on_insert"');
  // Attempt j of run j / 10; every third attempt an LLM call as one of the agents.
  await db.$executeRaw`
    INSERT INTO "StepRun" ("runId", "nodeId", attempt, status, "startedAt", "finishedAt", "durationMs", model, "agentId", "agentVersion", "tokensIn", "tokensOut", "costUsd")
    SELECT 'bench-run-' || (j / ${ATTEMPTS_PER_RUN}), 'n' || (j % ${ATTEMPTS_PER_RUN}), 1, 'SUCCEEDED'::"StepStatus", at, at + (j % 900) * interval '1 millisecond', j % 900,
      CASE WHEN j % 3 = 0 THEN 'gpt-4o-mini' END, CASE WHEN j % 3 = 0 THEN (${agentIds}::text[])[1 + (j / 3) % ${AGENTS}] END, CASE WHEN j % 3 = 0 THEN 1 END,
      CASE WHEN j % 3 = 0 THEN (j * 7) % 2000 ELSE 0 END, CASE WHEN j % 3 = 0 THEN (j * 13) % 1000 ELSE 0 END, CASE WHEN j % 3 = 0 THEN ((j * 7) % 3000) / 1e6 ELSE 0 END
    FROM generate_series(0, ${RUNS * ATTEMPTS_PER_RUN - 1}) AS j,
      LATERAL (SELECT now() - ((j / ${ATTEMPTS_PER_RUN})::double precision / ${RUNS}) * interval '90 days' AS at) t`;
  // The history predates the rollups: filled by the migration's backfill, one set-based statement.
  const ending = performance.now();
  await db.$executeRaw`SELECT metrics_count_runs(ARRAY(SELECT id FROM "Run" WHERE "teamId" = ${team.id}))`;
  const endMs = performance.now() - ending;
  // The app analyzes as it goes (autovacuum, or the embedded database's own passes): plans see real sizes.
  await db.$executeRaw`ANALYZE`;
  return { teamId: team.id, userId: user.id, ms: performance.now() - started, endMs, ...(await timeRunEnds(db, team.id, masteries[0]!)) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * What the rollup trigger adds to a run's final commit: ENDINGS runs of ten LLM attempts each ended one
 * statement at a time with the trigger, and as many without it.
 */
async function timeRunEnds(db: DbHandle['client'], teamId: string, mastery: { masteryId: string; versionId: string }) {
  const endOne = async (id: string) => {
    await db.run.create({ data: { id, teamId, masteryId: mastery.masteryId, versionId: mastery.versionId, input: {}, status: 'RUNNING', startedAt: new Date() } });
    await db.stepRun.createMany({ data: Array.from({ length: 10 }, (_, n) => ({ runId: id, nodeId: `n${n}`, status: 'SUCCEEDED' as const, durationMs: 100 * n, model: 'gpt-4o-mini', tokensIn: 10, costUsd: 0.001 })) });
    const t = performance.now();
    await db.$executeRaw`UPDATE "Run" SET status = 'SUCCEEDED', "finishedAt" = now() WHERE id = ${id}`;
    return performance.now() - t;
  };
  const withTrigger: number[] = [];
  for (let i = 0; i < ENDINGS; i++) withTrigger.push(await endOne(`bench-end-${i}`));
  await db.$executeRawUnsafe('ALTER TABLE "Run" DISABLE TRIGGER "Run_metrics_on_end"');
  const without: number[] = [];
  for (let i = 0; i < ENDINGS; i++) without.push(await endOne(`bench-end-plain-${i}`));
  await db.$executeRawUnsafe('ALTER TABLE "Run" ENABLE TRIGGER "Run_metrics_on_end"');
  return { endWith: median(withTrigger), endWithout: median(without) };
}

/** `work` timed REPEATS times after one untimed call (plans, a cold cache). */
async function timed(work: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  const took: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const t = performance.now();
    await work();
    if (i > 0) took.push(performance.now() - t);
  }
  return { median: median(took), min: Math.min(...took) };
}

const show = (timing: { median: number; min: number }) => `median ${timing.median.toFixed(0)} ms, best ${timing.min.toFixed(0)} ms (of ${REPEATS})`;

console.log(`metrics benchmark — node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${RUNS.toLocaleString('en-US')} runs, ${(RUNS * ATTEMPTS_PER_RUN).toLocaleString('en-US')} step attempts (a third LLM calls) over 90 days`);
const targets: Array<() => Promise<Target>> = [];
if (!env.BENCH_SKIP_POSTGRES) targets.push(() => postgres(env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'));
targets.push(embedded);
for (const open of targets) {
  const target = await open();
  try {
    const { teamId, userId, ms, endMs, endWith, endWithout } = await load(target);
    console.log(`\n${target.name}: loaded in ${(ms / 1000).toFixed(1)} s (the rollups' backfill of the 100,000 runs: ${(endMs / 1000).toFixed(1)} s)`);
    console.log(`  a run's final status update: median ${endWith.toFixed(1)} ms with the rollup trigger, ${endWithout.toFixed(1)} ms without (of ${ENDINGS} each)`);
    for (const days of PERIODS) {
      console.log(`  metrics.summary ${String(days).padStart(2)} days: ${show(await timed(() => metricsSummary(target.handle.client, { id: teamId, role: 'VIEWER' }, { days })))}`);
    }
    const api = await startApiServer(target.handle.client, { user: { userId, email: `bench-${teamId}@example.test` }, activeTeamId: teamId });
    try {
      for (const days of PERIODS) {
        const fill = await timed(async () => {
          await api.client.teams.mine.query();
          await Promise.all([api.client.teams.current.query(), api.client.metrics.summary.query({ days }), api.client.budgets.list.query(), api.client.prices.list.query()]);
        });
        console.log(`  page fill over HTTP ${String(days).padStart(2)} days: ${show(fill)}`);
      }
    } finally {
      await api.close();
    }
  } finally {
    await target.close();
  }
}
console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
