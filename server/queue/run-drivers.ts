/**
 * One driver per run across processes (queue mode). The process that drives a run (commits its moves,
 * dispatches its steps) holds a lease on it in the Run row and renews the leases of all its runs in one
 * statement every `leaseMs / 3`. Another process takes a run over only once its lease ran out (its
 * driver died or stalled), with a conditional update that one process alone wins. A driver that stalled
 * past its lease and wakes up fails its next commit on the run's event numbers and stops driving it.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { executeDirect } from '@/server/db/connect';
import type { RunId } from '@/server/engine/graph';
import type { Logger } from '@/server/engine/ports';
import { noopLogger } from '@/server/engine/ports';
import type { PrismaClient } from '@/server/generated/prisma/client';

const UNFINISHED = `status IN ('QUEUED', 'RUNNING', 'WAITING')`;
const LEASE = `now() + $2 * interval '1 millisecond'`;

export interface RunDriversOptions {
  db: PrismaClient;
  leaseMs: number;
  logger?: Logger;
  /** Runs this process took over from a driver whose lease ran out: it starts driving them. */
  onTakenOver?(runIds: readonly RunId[]): void;
}

export class RunDrivers {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private readonly logger: Logger;

  constructor(private readonly options: RunDriversOptions) {
    this.logger = options.logger ?? noopLogger;
  }

  /** Whether this process may drive the run: it does already, or nobody holds a live lease on it. */
  async claim(runId: RunId): Promise<boolean> {
    const rows = await executeDirect(
      this.options.db,
      'ms_driver_claim',
      `UPDATE "Run" SET "driverId" = $1, "driverLeaseUntil" = ${LEASE}
       WHERE id = $3 AND ${UNFINISHED} AND ("driverId" IS NULL OR "driverId" = $1 OR "driverLeaseUntil" < now())
       RETURNING id`,
      [this.id, this.options.leaseMs, runId],
    );
    return rows.length > 0;
  }

  /** The process holding a live lease on the run, if another one does. */
  async driverOf(runId: RunId): Promise<string | undefined> {
    const rows = await executeDirect(
      this.options.db,
      'ms_driver_of',
      `SELECT "driverId" FROM "Run" WHERE id = $1 AND ${UNFINISHED} AND "driverLeaseUntil" >= now()`,
      [runId],
    );
    const driverId = rows[0]?.driverId;
    return typeof driverId === 'string' && driverId !== this.id ? driverId : undefined;
  }

  /**
   * Takes every unfinished run whose lease ran out, and those nobody ever claimed that are older than a
   * lease (their process died between creating and starting them, or they predate queue mode).
   */
  async takeOver(): Promise<RunId[]> {
    const rows = await executeDirect(
      this.options.db,
      'ms_driver_take_over',
      `UPDATE "Run" SET "driverId" = $1, "driverLeaseUntil" = ${LEASE}
       WHERE ${UNFINISHED} AND ("driverLeaseUntil" < now()
         OR ("driverId" IS NULL AND "createdAt" < now() - $2 * interval '1 millisecond'))
       RETURNING id`,
      [this.id, this.options.leaseMs],
    );
    return rows.map((row) => String(row.id) as RunId);
  }

  /** Renews the leases of the runs this process drives, and (unless `takesOver` is off) takes over the expired. */
  start(takesOver: boolean): void {
    this.timer = setInterval(() => void this.tick(takesOver), Math.max(100, Math.floor(this.options.leaseMs / 3)));
  }

  /** Stops renewing: another process takes the runs over once their leases run out. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private async tick(takesOver: boolean): Promise<void> {
    try {
      await executeDirect(
        this.options.db,
        'ms_driver_renew',
        `UPDATE "Run" SET "driverLeaseUntil" = ${LEASE} WHERE "driverId" = $1 AND ${UNFINISHED}`,
        [this.id, this.options.leaseMs],
      );
      if (!takesOver) return;
      const taken = await this.takeOver();
      if (taken.length > 0) {
        this.logger.warn(`Took over ${taken.length} run(s) whose driving process stopped renewing its lease`);
        this.options.onTakenOver?.(taken);
      }
    } catch (error) {
      this.logger.warn('run drivers: renewing leases failed', { error: String(error) });
    }
  }
}
