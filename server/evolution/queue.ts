/** Open proposals for review, and one proposal with its diff and evidence. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import type { TeamScope } from '@/server/teams/service';
import { compareVersions } from '@/server/versions/compare';
import { evidenceState, parseEvidence } from './evidence-schema';
import type { EvolverDeps } from './deps';
import { nodeNamesOf } from './node-names';
import { propose } from './propose';
import { supersede } from './decisions';

export async function reviewQueue(db: PrismaClient, team: TeamScope, masteryId?: string) {
  const rows = await db.masteryVersion.findMany({
    where: { status: 'PROPOSED', source: 'EVOLVER', mastery: { teamId: team.id, archivedAt: null, ...(masteryId === undefined ? {} : { id: masteryId }) } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true, number: true, note: true, createdAt: true, parentId: true,
      parent: { select: { number: true } },
      mastery: { select: { id: true, name: true, currentVersionId: true } },
      evolution: { select: { strategy: true, errorCode: true, runId: true, nodeId: true, evidence: true, tokensIn: true, tokensOut: true, costUsd: true } },
    },
  });
  const items = rows.map(({ mastery, evolution, parent, ...row }) => {
    const evidence = parseEvidence(evolution?.evidence);
    return {
      ...row,
      parentNumber: parent?.number ?? null,
      mastery: { id: mastery.id, name: mastery.name },
      isStale: row.parentId !== mastery.currentVersionId,
      strategy: evolution?.strategy ?? null,
      errorCode: evolution?.errorCode ?? null,
      runId: evolution?.runId ?? null,
      evidenceState: evidenceState(evidence),
      tokens: (evolution?.tokensIn ?? 0) + (evolution?.tokensOut ?? 0),
      costUsd: evolution?.costUsd ?? 0,
    };
  });
  return { count: items.length, items };
}

export async function proposalDetail(db: PrismaClient, team: TeamScope, proposalId: string) {
  const row = await db.masteryVersion.findFirst({
    where: { id: proposalId, source: 'EVOLVER', mastery: { teamId: team.id } },
    select: {
      id: true, number: true, status: true, note: true, createdAt: true, parentId: true, decidedAt: true, decisionNote: true, graph: true,
      parent: { select: { graph: true } },
      mastery: { select: { id: true, name: true, currentVersionId: true, currentVersion: { select: { number: true } } } },
      evolution: { select: { strategy: true, errorCode: true, runId: true, nodeId: true, evidence: true, tokensIn: true, tokensOut: true, costUsd: true, instruction: true } },
    },
  });
  if (!row) throw new NotFoundError('Proposal');
  const comparison = row.parentId === null ? null : await compareVersions(db, team, row.parentId, row.id);
  const evidence = row.evolution === null ? null : parseEvidence(row.evolution.evidence);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    decisionNote: row.decisionNote,
    mastery: { id: row.mastery.id, name: row.mastery.name },
    currentVersionNumber: row.mastery.currentVersion?.number ?? null,
    isStale: row.status === 'PROPOSED' && row.parentId !== row.mastery.currentVersionId,
    evolution: row.evolution === null ? null : { ...row.evolution, evidence },
    evidenceState: evidenceState(evidence),
    /** Card names of both versions' steps, for the replays' errors that name steps by id. */
    nodeNames: nodeNamesOf(row.parent?.graph, row.graph),
    comparison,
  };
}

/** A stale proposal's fix, tried again on the current version; the stale one is closed as superseded. */
export async function repropose(db: PrismaClient, deps: EvolverDeps, team: TeamScope, actorId: string, proposalId: string) {
  const detail = await proposalDetail(db, team, proposalId);
  if (!detail.isStale) throw new AppError('INVALID_TRANSITION', `Version ${detail.number} is not stale: ${detail.status === 'PROPOSED' ? 'it was proposed on the current version' : `it was ${detail.status.toLowerCase()}`}`);
  const runId = detail.evolution?.runId;
  const current = await db.mastery.findUniqueOrThrow({ where: { id: detail.mastery.id }, select: { currentVersion: { select: { id: true, number: true, graph: true } } } });
  if (runId === undefined || current.currentVersion === null) throw new AppError('CONFLICT', 'Nothing to re-propose on');
  const base = { versionId: current.currentVersion.id, number: current.currentVersion.number, graph: current.currentVersion.graph };
  const result = await propose(db, deps, team, actorId, { runId, base, replacing: [proposalId], ...(detail.evolution?.instruction ? { instruction: detail.evolution.instruction } : {}) });
  if (result.proposal !== null) await supersede(db, team, actorId, proposalId, result.proposal.number);
  return result;
}
