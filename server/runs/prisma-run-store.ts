/**
 * RunStore on the database (embedded PGlite or PostgreSQL). A commit is one statement that writes its
 * events, the last carrying the commit's table rows (journal-sql.ts); the run, step and attempt tables
 * are brought up to date behind it (projector.ts), and every read here applies what is still journalled
 * first. Commits that arrive while one is being written are grouped into the next statement, so steps
 * that end together cost one round trip; a large group goes straight to the tables (`writeThrough`).
 * Commits go out on the connection kept for them (server/db/writer-connection.ts).
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { RunCommit, RunRecord, RunSnapshot, RunStore } from '@/server/engine/ports';
import type { RunStatus } from '@/server/engine/run-state';
import { executeDirect, executeOnWriter, hasPreparedStatements } from '@/server/db/connect';
import { callJsonbFunction } from '@/server/db/jsonb-call';
import { JOURNAL_FUNCTION, JOURNAL_FUNCTION_SQL, JOURNAL_SQL, isSequenceConflict } from './journal-sql';
import { ensureDbFunction } from './db-function';
import { carrierSeq, toJournal } from './commit-rows';
import { BatchedLoads } from './batched-loads';
import { RunProjector, flushProjectors, projectJournal, projectParams, settleRuns, type ProjectorOptions } from './projector';
import { LOAD_RUNS_SQL, LOAD_RUN_RECORDS_SQL, loadedRunRecordSchema, loadedRunSchema, toRunRecord, toSnapshot } from './load-run-sql';
import { PROJECT_FUNCTION, PROJECT_FUNCTION_SQL } from './projection-sql';

interface Pending {
  change: RunCommit;
  resolve(): void;
  reject(error: unknown): void;
}

export class PrismaRunStore implements RunStore {
  private queue: Pending[] = [];
  private isWriting = false;
  /** Statements written, so benchmarks and tests can see commits being grouped. */
  statementCount = 0;
  readonly projector: RunProjector;
  /** Loads of runs asked for together share a query (batched-loads.ts). */
  readonly loads = new BatchedLoads<RunId, RunSnapshot>(async (ids) =>
    mapRows(await this.loadFresh('ms_load_runs', LOAD_RUNS_SQL, loadedRunSchema, ids), toSnapshot),
  );
  readonly recordLoads = new BatchedLoads<RunId, RunRecord>(async (ids) =>
    mapRows(await this.loadFresh('ms_load_run_records', LOAD_RUN_RECORDS_SQL, loadedRunRecordSchema, ids), toRunRecord),
  );

  constructor(
    private readonly db: PrismaClient,
    options: { projection?: ProjectorOptions } = {},
  ) {
    this.projector = new RunProjector(db, options.projection);
  }

  /** Applies every commit made so far (of one run, when given; this process's all the same) to the tables. */
  settle(runId?: RunId): Promise<void> {
    return settleRuns(this.db, runId);
  }

  loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    return this.loads.load(runId);
  }

  loadRunRecord(runId: RunId): Promise<RunRecord | undefined> {
    return this.recordLoads.load(runId);
  }

  /**
   * Rows of runs asked for together (batched-loads.ts), each with every commit made before it applied.
   * A row that does not parse fails the load of that run alone.
   */
  private async loadFresh<T extends { isJournalled: boolean }>(name: string, sql: string, schema: z.ZodType<T>, runIds: readonly RunId[]): Promise<Map<RunId, T | Error>> {
    const query = async (ids: readonly RunId[]) => {
      const found = new Map<RunId, T | Error>();
      for (const row of await executeDirect(this.db, name, sql, [ids])) {
        const parsed = schema.safeParse(row);
        found.set(String(row.id) as RunId, parsed.success ? parsed.data : parsed.error);
      }
      return found;
    };
    await Promise.all(runIds.map((id) => flushProjectors(this.db, id)));
    const loaded = await query(runIds);
    // Commits another process (or a crash) left journalled: applied first, then those runs are read again.
    const journalled: RunId[] = [];
    for (const [id, row] of loaded) if (!(row instanceof Error) && row.isJournalled) journalled.push(id);
    for (const id of journalled) await projectJournal(this.db, id);
    if (journalled.length > 0) for (const [id, row] of await query(journalled)) loaded.set(id, row);
    return loaded;
  }

  async listRunIds(statuses: readonly RunStatus[]): Promise<RunId[]> {
    await this.settle();
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

  /** A failed group is retried commit by commit, so one run's conflict does not fail the others. */
  private async isolate(batch: Pending[], error: unknown): Promise<void> {
    if (batch.length === 1) {
      batch[0]?.reject(this.explain(error, batch[0].change));
      return;
    }
    for (const p of batch) {
      try {
        await this.write([p.change]);
        p.resolve();
      } catch (single) {
        p.reject(this.explain(single, p.change));
      }
    }
  }

  private explain(error: unknown, change: RunCommit): unknown {
    const text = error instanceof Error ? error.message : String(error);
    if (isSequenceConflict(text)) {
      return new AppError('CONFLICT', `Run "${change.runId}" was changed by another process (events from ${change.events[0]?.seq ?? '?'}); this process stops driving it`, { cause: error });
    }
    return error;
  }

  private async write(changes: RunCommit[]): Promise<void> {
    // A commit without events (recovery closing an interrupted attempt) has no event to carry its rows.
    if (changes.length >= WRITE_THROUGH_FROM || changes.some((c) => c.events.length === 0)) return this.writeThrough(changes);
    const journal = toJournal(changes, { carry: true });
    const params = [JSON.stringify(journal.events)];
    this.statementCount += 1;
    if (hasPreparedStatements(this.db)) {
      await executeOnWriter(this.db, 'ms_run_journal', JOURNAL_SQL, params);
    } else {
      await ensureDbFunction(this.db, JOURNAL_FUNCTION, JOURNAL_FUNCTION_SQL);
      await callJsonbFunction(this.db, JOURNAL_FUNCTION, params);
    }
    this.projector.add(journal.entries.map((entry) => ({ runId: entry.runId, seq: carrierSeq(entry.rows), rows: entry.rows })));
  }

  /**
   * Many commits at once (concurrent runs): written straight to the tables with their events, in one
   * call, together with the commits still journalled (applied first, their journal cleared). A
   * statement's cost is shared by the group here, so journalling and a later pass would only add work.
   * If the call fails, the waiting commits are still journalled: they are applied on their own and the
   * group is retried commit by commit through the journal.
   */
  private async writeThrough(changes: RunCommit[]): Promise<void> {
    await ensureDbFunction(this.db, PROJECT_FUNCTION, PROJECT_FUNCTION_SQL);
    const fresh = toJournal(changes, { carry: false });
    const waiting = await this.projector.takeAll();
    const params = projectParams(waiting, fresh);
    this.statementCount += 1;
    try {
      await callJsonbFunction(this.db, PROJECT_FUNCTION, params, { onWriter: true });
    } catch (error) {
      if (waiting.length > 0) await projectJournal(this.db);
      throw error;
    }
  }
}

function mapRows<T, V>(rows: ReadonlyMap<RunId, T | Error>, to: (row: T) => V): Map<RunId, V | Error> {
  const mapped = new Map<RunId, V | Error>();
  for (const [id, row] of rows) mapped.set(id, row instanceof Error ? row : to(row));
  return mapped;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Commits in one group from which they go straight to the tables instead of through the journal.
const WRITE_THROUGH_FROM = 4;
