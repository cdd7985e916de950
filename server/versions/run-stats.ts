/** Runs made with each version of a mastery and how many succeeded: one grouped query for all versions. */
import type { PrismaClient } from '@/server/generated/prisma/client';

export interface VersionRunStats {
  runs: number;
  succeeded: number;
  failed: number;
  /** Succeeded over ended runs (succeeded, failed, cancelled); null while none has ended. */
  successRate: number | null;
}

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Production top-level runs only: replays of proposals and child runs say nothing of a version's record. */
export async function runStatsByVersion(db: PrismaClient, masteryId: string): Promise<Map<string, VersionRunStats>> {
  const groups = await db.run.groupBy({
    by: ['versionId', 'status'],
    where: { masteryId, purpose: 'PRODUCTION', parentRunId: null },
    _count: { _all: true },
  });
  const stats = new Map<string, VersionRunStats & { ended: number }>();
  for (const group of groups) {
    const entry = stats.get(group.versionId) ?? { runs: 0, succeeded: 0, failed: 0, ended: 0, successRate: null };
    const count = group._count._all;
    entry.runs += count;
    if (group.status === 'SUCCEEDED') entry.succeeded += count;
    if (group.status === 'FAILED') entry.failed += count;
    if (ENDED.has(group.status)) entry.ended += count;
    stats.set(group.versionId, entry);
  }
  return new Map(
    [...stats].map(([id, { ended, ...entry }]) => [id, { ...entry, successRate: ended === 0 ? null : entry.succeeded / ended }]),
  );
}

export const NO_RUNS: VersionRunStats = { runs: 0, succeeded: 0, failed: 0, successRate: null };
