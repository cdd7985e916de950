/**
 * Brings Run, RunStep and StepRun up to date with journalled commits (journal-sql.ts: each commit's last
 * event carries its rows). A commit is durable once its events are written; this applies journalled
 * commits in passes, many commits per pass, shortly after they were written. Every read of those tables
 * first calls `settleRuns`, which applies whatever is still journalled (this process's commits and any
 * other process's), so a read sees every commit made before it.
 *
 * The database is the truth: a pass of this process's own commits that finds some of them already
 * applied elsewhere (or fails) falls back to applying what is still journalled there.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { executeDirect } from '@/server/db/connect';
import { callJsonbFunction } from '@/server/db/jsonb-call';
import { journalRowsSchema, mergeJournal, type JournalRows } from './commit-rows';
import { ensureDbFunction } from './db-function';
import { CALL_PROJECT_SQL, PROJECT_FUNCTION, PROJECT_FUNCTION_SQL } from './projection-sql';

export interface JournalledCommit {
  runId: string;
  /** The sequence number of the commit's last event, which carries its rows. */
  seq: number;
  rows: JournalRows;
}

export interface ProjectorOptions {
  /** How long commits may wait to be applied together (default 15 ms). */
  delayMs?: number;
  /** Apply at once when this many commits wait (default 500). */
  maxWaiting?: number;
  /** A background pass failed; the commits stay journalled and the next read applies them. */
  onError?(error: unknown): void;
}

// Commits per pass: bounds the size of one statement's JSON.
const PASS_SIZE = 500;

const projectors = new WeakMap<PrismaClient, Set<RunProjector>>();

/**
 * The parameters of CALL_PROJECT_SQL: journalled commits (their journal cleared) followed, optionally, by
 * new commits written straight to the tables together with their events.
 */
export function projectParams(
  journalled: readonly JournalledCommit[],
  fresh: { entries: ReadonlyArray<{ runId: string; rows: JournalRows }>; events: readonly unknown[] } = { entries: [], events: [] },
): string[] {
  const rows = mergeJournal([...journalled, ...fresh.entries]);
  return [
    JSON.stringify(rows.runs),
    JSON.stringify(rows.steps),
    JSON.stringify(rows.attempts),
    JSON.stringify(journalled.map((c) => ({ runId: c.runId, seq: c.seq }))),
    JSON.stringify(fresh.events),
  ];
}

/**
 * Two passes that lock overlapping events in different orders can deadlock; PostgreSQL then ends one
 * of them, which simply runs again (its commits are still journalled).
 */
async function retryOnDeadlock<T>(pass: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pass();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (attempt >= attempts || !/deadlock detected|could not serialize|40P01|40001/i.test(text)) throw error;
    }
  }
}

// Journalled commits come after the run row's `lastSeq` (what was applied): of one run, a range of its
// events' key; of all runs, only runs not yet finished in their row, since a run's last commit (its end)
// is journalled until applied. A row whose run was deleted went with its events.
const JOURNALLED_OF_RUN = `FROM "Run" r JOIN "RunEvent" e ON e."runId" = r.id AND e.seq > r."lastSeq"
  WHERE r.id = $1 AND e.journal IS NOT NULL`;
const JOURNALLED = `FROM "Run" r JOIN "RunEvent" e ON e."runId" = r.id AND e.seq > r."lastSeq"
  WHERE r.status IN ('QUEUED', 'RUNNING', 'WAITING') AND e.journal IS NOT NULL`;
const TAKE_OF_RUN = `SELECT e."runId", e.seq, e.journal AS rows ${JOURNALLED_OF_RUN} ORDER BY e.seq LIMIT ${PASS_SIZE} FOR UPDATE OF e`;
const TAKE = `SELECT e."runId", e.seq, e.journal AS rows ${JOURNALLED} ORDER BY e."runId", e.seq LIMIT ${PASS_SIZE} FOR UPDATE OF e`;

/**
 * Whether anything is journalled (of one run, when given), asked before every read of the run tables:
 * one direct query, where taking commits costs a transaction.
 */
async function isAnyJournalled(db: PrismaClient, runId: string | undefined): Promise<boolean> {
  const [row] =
    runId === undefined
      ? await executeDirect(db, 'ms_journalled_any', `SELECT EXISTS (SELECT ${JOURNALLED}) AS "isAny"`, [])
      : await executeDirect(db, 'ms_journalled_any_of_run', `SELECT EXISTS (SELECT ${JOURNALLED_OF_RUN}) AS "isAny"`, [runId]);
  return row?.isAny === true;
}

/**
 * Applies every journalled commit (of one run, when given), oldest first per run, in transactions that
 * lock the events they apply: two processes never apply one commit twice. A pass that finds fewer than
 * it may take has caught up, so a run another process keeps writing does not keep this one busy.
 */
export async function projectJournal(db: PrismaClient, runId?: string): Promise<number> {
  if (!(await isAnyJournalled(db, runId))) return 0;
  await ensureDbFunction(db, PROJECT_FUNCTION, PROJECT_FUNCTION_SQL);
  let applied = 0;
  for (;;) {
    const count = await retryOnDeadlock(() => db.$transaction(async (tx) => {
      // Events another pass holds are waited for, then skipped once it cleared their journal.
      const stored = await tx.$queryRawUnsafe<Array<{ runId: string; seq: number; rows: unknown }>>(runId === undefined ? TAKE : TAKE_OF_RUN, ...(runId === undefined ? [] : [runId]));
      if (stored.length === 0) return 0;
      const commits = stored.map((row) => ({ runId: row.runId, seq: row.seq, rows: journalRowsSchema.parse(row.rows) }));
      await tx.$queryRawUnsafe(CALL_PROJECT_SQL, ...projectParams(commits));
      return commits.length;
    }));
    applied += count;
    if (count < PASS_SIZE) return applied;
  }
}

/**
 * Applies everything journalled so far (of one run, when given): this process's commits first, then
 * what the journal still holds.
 */
export async function settleRuns(db: PrismaClient, runId?: string): Promise<void> {
  await flushProjectors(db, runId);
  await projectJournal(db, runId);
}

/** Applies this process's commits so far (of one run, when given); other processes' stay journalled. */
export async function flushProjectors(db: PrismaClient, runId?: string): Promise<void> {
  await Promise.all([...(projectors.get(db) ?? [])].map((p) => p.flush(runId)));
}

/** This process's recent commits, applied in the background (one per store). */
export class RunProjector {
  private waiting: JournalledCommit[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Passes run, so tests and benchmarks can see commits being applied together. */
  passCount = 0;

  constructor(
    private readonly db: PrismaClient,
    private readonly options: ProjectorOptions = {},
  ) {
    let forDb = projectors.get(db);
    if (forDb === undefined) {
      forDb = new Set();
      projectors.set(db, forDb);
    }
    forDb.add(this);
  }

  /** Commits just written; applied after `delayMs`, or at once when `maxWaiting` wait. */
  add(commits: readonly JournalledCommit[]): void {
    this.waiting.push(...commits);
    if (this.waiting.length >= (this.options.maxWaiting ?? 500)) {
      this.inBackground();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.inBackground(), this.options.delayMs ?? 15);
      // A process that has nothing else to do may end: its commits stay journalled for the next start.
      this.timer.unref();
    }
  }

  /**
   * Resolves once every commit added before the call (of one run, when given) is applied, here or by
   * another process. For one run whose commits were all taken already, it only waits for the pass under
   * way, so reading a run does not cut short the batching of the others.
   */
  flush(runId?: string): Promise<void> {
    if (runId !== undefined && !this.waiting.some((c) => c.runId === runId)) return this.chain;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const pass = this.chain.then(() => this.applyWaiting());
    this.chain = pass.catch(() => undefined);
    return pass;
  }

  /**
   * Hands over every waiting commit, once the pass under way (if any) is done: the caller applies them
   * itself, before anything newer, in the same transaction (RunProjector never sees them again).
   */
  async takeAll(): Promise<JournalledCommit[]> {
    await this.chain;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return this.waiting.splice(0);
  }

  private inBackground(): void {
    this.flush().catch((error: unknown) => {
      if (this.options.onError) this.options.onError(error);
      else console.warn('Applying run commits failed; they stay journalled and are applied at the next read', error);
    });
  }

  /**
   * Applies the commits waiting when the pass begins. Those that arrive meanwhile wait for their own
   * delay: looping on them kept a pass running beside every commit of a chain (2–5 commits a pass),
   * which cost the database 20–30% more CPU a step than passes of a delay's worth (measured per
   * process from /proc, PostgreSQL chain of 1,000 steps).
   */
  private async applyWaiting(): Promise<void> {
    let left = this.waiting.length;
    while (left > 0 && this.waiting.length > 0) {
      const commits = this.waiting.splice(0, Math.min(left, PASS_SIZE));
      left -= commits.length;
      this.passCount += 1;
      try {
        await ensureDbFunction(this.db, PROJECT_FUNCTION, PROJECT_FUNCTION_SQL);
        const params = projectParams(commits);
        await callJsonbFunction(this.db, PROJECT_FUNCTION, params);
      } catch {
        // Some were applied by another process, or the pass failed: the journal says what is left.
        await projectJournal(this.db);
      }
    }
  }
}
