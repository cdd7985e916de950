/**
 * One automatic proposal per failed run. The AutoProposal row is the claim: inserting it is the run's
 * primary key, so of two callers (a live watcher and the start-up sweep, or two processes) exactly one
 * proposes. A claim left unfinished by an earlier process was interrupted, and may be taken over once.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { jsonColumn } from '@/server/db/json-column';
import type { TeamScope } from '@/server/teams/service';
import type { EvolverDeps } from './deps';
import { gatherEvidence } from './evidence';
import { propose } from './propose';

/** Claims made before this moment belong to an earlier process. */
const PROCESS_STARTED_AT = new Date();

async function claim(db: PrismaClient, runId: string, startedAt: Date): Promise<boolean> {
  // ON CONFLICT DO NOTHING: 0 rows when another caller holds the claim.
  const { count } = await db.autoProposal.createMany({ data: [{ runId }], skipDuplicates: true });
  if (count === 1) return true;
  // Taken over only when no process alive made it; the conditional update lets one caller through.
  const takeover = await db.autoProposal.updateMany({ where: { runId, finishedAt: null, claimedAt: { lt: startedAt } }, data: { claimedAt: new Date() } });
  return takeover.count === 1;
}

/**
 * Proposes for a failed run unless someone else has, or is. An interrupted proposal that was already
 * stored gets its missing evidence rather than a second proposal.
 */
export async function proposeOnce(db: PrismaClient, deps: EvolverDeps, team: TeamScope, runId: string, startedAt: Date = PROCESS_STARTED_AT): Promise<'PROPOSED' | 'RESUMED' | 'SKIPPED'> {
  if (!(await claim(db, runId, startedAt))) return 'SKIPPED';
  const stored = await db.evolutionAttempt.findFirst({
    where: { runId, outcome: 'PROPOSED', proposalId: { not: null } },
    select: { proposalId: true, masteryId: true, evidence: true, proposal: { select: { parentId: true } } },
  });
  let outcome: 'PROPOSED' | 'RESUMED' | 'SKIPPED' = 'SKIPPED';
  if (stored === null) {
    await propose(db, deps, team, null, { runId });
    outcome = 'PROPOSED';
  } else if (stored.evidence === null && stored.proposalId !== null && stored.proposal?.parentId) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { input: true } });
    const request = { masteryId: stored.masteryId, failedRunInput: run.input, parentVersionId: stored.proposal.parentId, proposalVersionId: stored.proposalId };
    const evidence = await gatherEvidence(db, deps.runtime, team, null, request, deps.replay);
    await db.evolutionAttempt.update({ where: { proposalId: stored.proposalId }, data: { evidence: jsonColumn(evidence) } });
    outcome = 'RESUMED';
  }
  await db.autoProposal.update({ where: { runId }, data: { finishedAt: new Date() } });
  return outcome;
}
