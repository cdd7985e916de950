/**
 * The live view of a run: the stored events after the client's last one, then the live ones,
 * each tagged with the sequence number to resume after, so a reload or a dropped connection continues
 * without a gap or a repeat. LLM token deltas (`partial`) are streamed as they come and never stored.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { NotFoundError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import type { EventBus, LiveEvent, RunEventBody } from '@/server/engine/ports';
import type { TeamScope } from '@/server/teams/service';
import type { watchRunSchema } from './schemas';

export type WatchItem =
  | { kind: 'event'; seq: number; at: number; event: RunEventBody }
  | { kind: 'partial'; nodeId: string; attempt: number; chunk: unknown; at: number };

/** `seq`: the last stored event the client has, which a reconnection resumes after. */
export interface WatchUpdate {
  seq: number;
  item: WatchItem;
}

const FINAL_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const PAGE = 500;
/** Also read the store this often while waiting: a run driven by another process publishes elsewhere. */
const STORE_CHECK_MS = 2_000;

// What commit-rows.ts stores as an event's payload: its body, type included.
const storedBodySchema = z.looseObject({ type: z.enum(['run.status', 'step.status', 'budget.alert']) });

const isFinal = (item: WatchItem) => item.kind === 'event' && item.event.type === 'run.status' && FINAL_STATUSES.has(item.event.status);

/**
 * Checks the run belongs to the team (refused here, before any stream opens), then gives its updates:
 * they end once the run's final status was sent, or when `signal` aborts.
 */
export async function openRunWatch(
  db: PrismaClient,
  bus: EventBus,
  team: TeamScope,
  input: z.output<typeof watchRunSchema>,
  signal?: AbortSignal,
): Promise<AsyncGenerator<WatchUpdate>> {
  const run = await db.run.findFirst({ where: { id: input.id, teamId: team.id }, select: { id: true } });
  if (!run) throw new NotFoundError('Run');
  return runUpdates(db, bus, input.id as RunId, parseLastEventId(input.lastEventId), signal);
}

async function* runUpdates(db: PrismaClient, bus: EventBus, runId: RunId, afterSeq: number, signal?: AbortSignal): AsyncGenerator<WatchUpdate> {
  let lastSeq = afterSeq;

  // Subscribed before reading the store, so nothing published meanwhile is lost; duplicates are skipped by seq.
  const live: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = bus.subscribe(runId, (event) => {
    live.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);

  async function* fromStore(): AsyncGenerator<WatchUpdate> {
    for (;;) {
      const rows = await db.runEvent.findMany({ where: { runId, seq: { gt: lastSeq } }, orderBy: { seq: 'asc' }, take: PAGE, select: { seq: true, payload: true, createdAt: true } });
      for (const row of rows) {
        const body = storedBodySchema.parse(row.payload) as RunEventBody;
        lastSeq = row.seq;
        yield { seq: row.seq, item: { kind: 'event', seq: row.seq, at: row.createdAt.getTime(), event: body } };
      }
      if (rows.length < PAGE) return;
    }
  }

  try {
    let mustRead = true;
    for (;;) {
      if (mustRead) {
        let isNews = false;
        for await (const update of fromStore()) {
          isNews = true;
          yield update;
          if (isFinal(update.item)) return;
        }
        // A client already holding the final event (or past it) has nothing left to wait for.
        if (!isNews && (await hasEnded(db, runId))) return;
        mustRead = false;
      }
      for (let event = live.shift(); event !== undefined; event = live.shift()) {
        if (event.type === 'step.partial') {
          yield { seq: lastSeq, item: { kind: 'partial', nodeId: event.nodeId, attempt: event.attempt, chunk: event.chunk, at: event.at } };
          continue;
        }
        if (event.seq <= lastSeq) continue;
        // Published only after it was stored: a gap means some were missed, and the store has them.
        if (event.seq > lastSeq + 1) {
          mustRead = true;
          break;
        }
        const { runId: _run, seq, at, ...body } = event;
        lastSeq = seq;
        const update: WatchUpdate = { seq, item: { kind: 'event', seq, at, event: body } };
        yield update;
        if (isFinal(update.item)) return;
      }
      if (signal?.aborted) return;
      if (mustRead || live.length > 0) continue;
      mustRead = !(await waitForNews(STORE_CHECK_MS, (resolve) => (wake = resolve)));
      wake = undefined;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}

async function hasEnded(db: PrismaClient, runId: RunId): Promise<boolean> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { status: true } });
  return run === null || FINAL_STATUSES.has(run.status);
}

function parseLastEventId(id: string | null | undefined): number {
  const seq = Number(id ?? 0);
  return Number.isInteger(seq) && seq > 0 ? seq : 0;
}

/** True when woken (an event, or an abort), false when `ms` passed first. */
function waitForNews(ms: number, register: (wake: () => void) => void): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    register(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
