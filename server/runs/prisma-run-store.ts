/**
 * RunStore on the database (embedded PGlite or PostgreSQL). Commits that arrive while one is being
 * written are grouped into the next statement, so steps that end together cost one round trip.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { RunCommit, RunSnapshot, RunStore, StepRecord, StepError, RunError, Usage } from '@/server/engine/ports';
import type { RunStatus } from '@/server/engine/run-state';
import { preparedExecutorFor } from '@/server/db/connect';
import { CALL_COMMIT_SQL, COMMIT_FUNCTION, COMMIT_FUNCTION_SQL, RUN_CONFLICT_MARK } from './commit-sql';
import { toRows } from './commit-rows';

interface Pending {
  change: RunCommit;
  resolve(): void;
  reject(error: unknown): void;
}

const ms = (date: Date | null) => (date ? date.getTime() : undefined);

export class PrismaRunStore implements RunStore {
  private queue: Pending[] = [];
  private isWriting = false;
  /** Statements written, so benchmarks and tests can see commits being grouped. */
  statementCount = 0;

  constructor(private readonly db: PrismaClient) {}

  async loadRun(runId: RunId): Promise<RunSnapshot | undefined> {
    const run = await this.db.run.findUnique({
      where: { id: runId },
      include: { version: { select: { id: true, graph: true } }, steps: true },
    });
    if (!run) return undefined;
    const steps: StepRecord[] = run.steps.map((s) => ({
      nodeId: s.nodeId as StepRecord['nodeId'],
      status: s.status,
      attempt: s.attempt,
      input: s.input ?? undefined,
      output: s.output ?? undefined,
      handles: s.handles,
      error: (s.error as StepError | null) ?? undefined,
      usage: { tokensIn: s.tokensIn, tokensOut: s.tokensOut, costUsd: s.costUsd },
      startedAt: ms(s.startedAt),
      finishedAt: ms(s.finishedAt),
      retryAt: ms(s.retryAt),
      waitReason: s.waitReason ?? undefined,
    }));
    const totals: Usage = { tokensIn: run.tokensIn, tokensOut: run.tokensOut, costUsd: run.costUsd };
    return {
      run: {
        id: run.id as RunId,
        status: run.status,
        input: run.input,
        output: run.output ?? undefined,
        error: (run.error as RunError | null) ?? undefined,
        totals,
        lastSeq: run.lastSeq,
        createdAt: run.createdAt.getTime(),
        startedAt: ms(run.startedAt),
        finishedAt: ms(run.finishedAt),
      },
      graph: run.version.graph,
      // Versions are immutable, so the version id names the graph for the engine's cache.
      graphKey: run.version.id,
      steps,
    };
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
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.isWriting) return;
    this.isWriting = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          await this.write(batch.map((p) => p.change));
          for (const p of batch) p.resolve();
        } catch (error) {
          await this.isolate(batch, error);
        }
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
    if (text.includes(RUN_CONFLICT_MARK) || /RunEvent_runId_seq_key|unique constraint/i.test(text)) {
      return new AppError('CONFLICT', `Run "${change.runId}" was changed by another process (events from ${change.events[0]?.seq ?? '?'}); this process stops driving it`, { cause: error });
    }
    return error;
  }

  private functionReady: Promise<void> | undefined;

  /** Creates the commit function once per database (see commit-sql.ts for why not in a migration). */
  private ensureFunction(): Promise<void> {
    const exists = async () => {
      const rows = await this.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_proc WHERE proname = ${COMMIT_FUNCTION}`;
      return (rows[0]?.n ?? 0) > 0;
    };
    this.functionReady ??= (async () => {
      if (await exists()) return;
      try {
        await this.db.$executeRawUnsafe(COMMIT_FUNCTION_SQL);
      } catch (error) {
        // Another process may have created it at the same moment ("tuple concurrently updated").
        if (!(await exists())) throw error;
      }
    })().catch((error: unknown) => {
      this.functionReady = undefined;
      throw error;
    });
    return this.functionReady;
  }

  private async write(changes: RunCommit[]): Promise<void> {
    await this.ensureFunction();
    const rows = toRows(changes);
    const params = [JSON.stringify(rows.runs), JSON.stringify(rows.steps), JSON.stringify(rows.attempts), JSON.stringify(rows.events)];
    this.statementCount += 1;
    // Through the commit function (its plan is kept per session) and directly, not through Prisma's
    // driver adapter; on a PostgreSQL server as a named prepared statement (see server/db/connect.ts).
    const prepared = preparedExecutorFor(this.db);
    if (prepared) await prepared('ms_run_commit', CALL_COMMIT_SQL, params);
    else await this.db.$queryRawUnsafe(CALL_COMMIT_SQL, ...params);
  }
}
