/**
 * RunStore on the database (embedded PGlite or PostgreSQL). A commit is one statement (commit-sql.ts)
 * that inserts its events and updates the Run, RunStep and StepRun rows in one transaction: once it
 * resolved, every read of the tables sees it. Commits that arrive while one is being written are
 * grouped into the next statement (group commit), so steps of different runs that end together share
 * one round trip and one fsync.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { RunCommit, RunRecord, RunSnapshot, RunStore } from '@/server/engine/ports';
import type { RunStatus } from '@/server/engine/run-state';
import { executeDirect } from '@/server/db/connect';
import { classifyDbError, toDbError } from '@/server/db/db-errors';
import { BatchedLoads } from './batched-loads';
import { arrayLiteral, commitParams } from './commit-rows';
import { COMMIT_SQL } from './commit-sql';
import { LOAD_RUNS_SQL, LOAD_RUN_RECORDS_SQL, loadedRunRecordSchema, loadedRunSchema, toRunRecord, toSnapshot } from './load-run-sql';

interface Pending {
  change: RunCommit;
  resolve(): void;
  reject(error: unknown): void;
}

export interface PrismaRunStoreOptions {
  /**
   * Told of every commit that failed (after the engine was), so that its run is ended or resumed
   * rather than left RUNNING (commit-failures.ts).
   */
  onCommitFailed?(change: RunCommit, error: Error): void;
}

export class PrismaRunStore implements RunStore {
  private queue: Pending[] = [];
  private isWriting = false;
  /** Statements written, so benchmarks and tests can see commits being grouped. */
  statementCount = 0;
  /** Loads of runs asked for together share a query (batched-loads.ts). */
  readonly loads = new BatchedLoads<RunId, RunSnapshot>(async (ids) => this.loadRows('ms_load_runs', LOAD_RUNS_SQL, loadedRunSchema, ids, toSnapshot));
  readonly recordLoads = new BatchedLoads<RunId, RunRecord>(async (ids) => this.loadRows('ms_load_run_records', LOAD_RUN_RECORDS_SQL, loadedRunRecordSchema, ids, toRunRecord));

  constructor(
    private readonly db: PrismaClient,
    private readonly options: PrismaRunStoreOptions = {},
  ) {}

  loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    return this.loads.load(runId);
  }

  loadRunRecord(runId: RunId): Promise<RunRecord | undefined> {
    return this.recordLoads.load(runId);
  }

  /** Rows of runs asked for together; a row that does not parse fails the load of that run alone. */
  private async loadRows<T, V>(name: string, sql: string, schema: z.ZodType<T>, ids: readonly RunId[], to: (row: T) => V): Promise<Map<RunId, V | Error>> {
    const found = new Map<RunId, V | Error>();
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await executeDirect(this.db, name, sql, [arrayLiteral(ids)]);
    } catch (thrown) {
      throw toDbError(thrown);
    }
    for (const row of rows) {
      const parsed = schema.safeParse(row);
      found.set(String(row.id) as RunId, parsed.success ? to(parsed.data) : parsed.error);
    }
    return found;
  }

  async listRunIds(statuses: readonly RunStatus[]): Promise<RunId[]> {
    const rows = await this.db.run.findMany({
      where: { status: { in: [...statuses] } },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    return rows.map((r) => r.id as RunId);
  }

  commit(change: RunCommit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ change, resolve, reject });
      if (!this.isWriting) {
        this.isWriting = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.write(batch.map((p) => p.change));
          for (const p of batch) p.resolve();
        } catch (error) {
          await this.isolate(batch, error);
        }
        // What the commits just stored set off (their runs' next steps) arrives within this turn of
        // the event loop: waiting for its end lets steps that end together share the next statement.
        await nextTurn();
      }
    } finally {
      this.isWriting = false;
    }
  }

  /** Everything queued, but one commit per run: a second commit of a run waits for the next statement. */
  private takeBatch(): Pending[] {
    const seen = new Set<string>();
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) {
      if (seen.has(p.change.runId)) rest.push(p);
      else {
        seen.add(p.change.runId);
        batch.push(p);
      }
    }
    this.queue = rest;
    return batch;
  }

  /**
   * A failed group is retried commit by commit when the database refused it, so one run's conflict or
   * unstorable value does not fail the others. When the database could not be reached, retrying would
   * only fail again: the whole group fails.
   */
  private async isolate(batch: Pending[], error: unknown): Promise<void> {
    if (batch.length === 1 || classifyDbError(error) === 'unreachable') {
      for (const p of batch) this.fail(p, error);
      return;
    }
    for (const p of batch) {
      try {
        await this.write([p.change]);
        p.resolve();
      } catch (single) {
        this.fail(p, single);
      }
    }
  }

  private fail(p: Pending, thrown: unknown): void {
    const error = this.explain(thrown, p.change);
    p.reject(error);
    // After the engine heard of it: it stops driving the run first.
    if (this.options.onCommitFailed) {
      const onCommitFailed = this.options.onCommitFailed;
      setImmediate(() => onCommitFailed(p.change, error));
    }
  }

  private explain(thrown: unknown, change: RunCommit): Error {
    const error = toDbError(thrown);
    if (classifyDbError(error) === 'conflict') {
      return new AppError('CONFLICT', `Run "${change.runId}" was changed by another process (events from ${change.events[0]?.seq ?? '?'}); this process stops driving it`, { cause: error });
    }
    return error;
  }

  private async write(changes: readonly RunCommit[]): Promise<void> {
    this.statementCount += 1;
    await executeDirect(this.db, 'ms_run_commit', COMMIT_SQL, commitParams(changes));
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
