/**
 * A change the team already decided on must not come back as a new proposal: the same graph change (the
 * same fields of the same steps, from the same values to the same values) as an earlier proposal of the
 * mastery that was rejected, approved (current or since rolled back), or is still open.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Graph } from '@/server/engine/graph';
import { diffGraphs } from '@/server/versions/diff';
import { storedGraph } from '@/server/versions/compare';

/** How many earlier proposals are compared: the newest, where a repeat is likely. */
const LOOKBACK = 50;

export interface RepeatedChange {
  id: string;
  number: number;
  status: 'PROPOSED' | 'APPROVED' | 'REJECTED';
  decisionNote: string | null;
  isCurrent: boolean;
  /** Approved, then a rollback made an earlier version current again. */
  isRolledBack: boolean;
}

/** The change as a comparable text: what differs, not where the steps sit. */
function changeKey(from: Graph, to: Graph): string {
  const { nodes, edges, settings, inputSchema } = diffGraphs(from, to);
  return JSON.stringify({ nodes, edges, settings, inputSchema });
}

export async function findRepeatedChange(db: PrismaClient, masteryId: string, from: Graph, to: Graph, excludeIds: readonly string[] = []): Promise<RepeatedChange | null> {
  // Read back as stored graphs are, so defaults the schema fills in do not count as a difference.
  const key = changeKey(storedGraph(from, 0), storedGraph(to, 0));
  const [earlier, mastery] = await Promise.all([
    db.masteryVersion.findMany({
      where: { masteryId, source: 'EVOLVER', status: { in: ['PROPOSED', 'APPROVED', 'REJECTED'] }, parentId: { not: null }, id: { notIn: [...excludeIds] } },
      orderBy: { number: 'desc' },
      take: LOOKBACK,
      select: { id: true, number: true, status: true, decisionNote: true, graph: true, parent: { select: { number: true, graph: true } } },
    }),
    db.mastery.findUniqueOrThrow({ where: { id: masteryId }, select: { currentVersionId: true } }),
  ]);
  for (const version of earlier) {
    if (version.parent === null || (version.status !== 'PROPOSED' && version.status !== 'APPROVED' && version.status !== 'REJECTED')) continue;
    let earlierKey: string;
    try {
      earlierKey = changeKey(storedGraph(version.parent.graph, version.parent.number), storedGraph(version.graph, version.number));
    } catch {
      continue; // A graph this server cannot read any more is no precedent.
    }
    if (earlierKey !== key) continue;
    const isCurrent = mastery.currentVersionId === version.id;
    const isRolledBack = version.status === 'APPROVED' && !isCurrent
      && (await db.masteryVersion.count({ where: { masteryId, source: 'ROLLBACK', number: { gt: version.number } } })) > 0;
    return { id: version.id, number: version.number, status: version.status, decisionNote: version.decisionNote, isCurrent, isRolledBack };
  }
  return null;
}

/** Why the change is not proposed again, as the person reads it. */
export function repeatReason(repeat: RepeatedChange): string {
  if (repeat.status === 'REJECTED') return `the same change was proposed as version ${repeat.number} and rejected${repeat.decisionNote ? ` ("${repeat.decisionNote}")` : ''}`;
  if (repeat.status === 'PROPOSED') return `the same change is already proposed as version ${repeat.number}, waiting for review`;
  if (repeat.isCurrent) return `the same change was approved as version ${repeat.number}, which is current`;
  return `the same change was approved as version ${repeat.number} and later ${repeat.isRolledBack ? 'rolled back' : 'replaced'}`;
}
