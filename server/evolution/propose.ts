/**
 * Proposes a fixed version for a failed run: strategies are tried in order of past approvals for the
 * error's code, and the first patch that validates is stored as a PROPOSED version (source EVOLVER,
 * parent = the version that failed), then replayed for evidence. Patches that do not validate are never
 * stored; every try is logged with its reason and usage.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { validateGraph } from '@/server/engine/validate';
import type { Graph } from '@/server/engine/graph';
import { jsonColumn } from '@/server/db/json-column';
import { audit } from '@/server/audit';
import { AppError } from '@/server/errors';
import { assertUsableInputSchema } from '@/server/runs/run-input';
import type { TeamScope } from '@/server/teams/service';
import type { EvolverDeps } from './deps';
import { gatherEvidence } from './evidence';
import { readFailure, type Failure } from './failure';
import { isDecision, whyNoStrategy } from './no-fix';
import { approvalsByStrategy } from './ranking';
import { findRepeatedChange, repeatReason, type RepeatedChange } from './repeated-change';
import { rankStrategies, STRATEGIES } from './strategies';
import type { Strategy, StrategyUsage } from './strategies/strategy';

export interface AttemptSummary {
  strategy: string;
  outcome: 'PROPOSED' | 'REFUSED';
  reason: string;
  tokens: number;
  costUsd: number;
  /** The earlier proposal this attempt's change repeats, when that is why it was refused. */
  repeatOf?: RepeatedChange;
}

export interface ProposeResult {
  proposal: { id: string; number: number; note: string; strategy: string } | null;
  attempts: AttemptSummary[];
  /** Said to the person who asked: an instruction that could not be used, and why. */
  notice: string | null;
  /** Why nothing was tried at all (no strategy applies, or the failure was a person's decision). */
  explanation: string | null;
}

export interface ProposeRequest {
  runId: string;
  instruction?: string;
  /** Re-proposing on a newer current version: its id, number and graph replace the failed version's. */
  base?: { versionId: string; number: number; graph: unknown };
  /** Strategies to try, in default order (tests and the bench narrow it); every one by default. */
  strategies?: readonly Strategy[];
  /** Proposals not counted as precedents: the stale one a re-proposal replaces. */
  replacing?: readonly string[];
}

/** Why a patch may not be stored, or undefined when it may. */
async function problemOf(deps: EvolverDeps, failure: Failure, graph: Graph): Promise<string | undefined> {
  if (JSON.stringify(graph) === JSON.stringify(failure.graph)) return 'the patch changes nothing';
  const checked = validateGraph(graph, deps.runtime.registry);
  if (!checked.isValid) return `the patched graph does not validate: ${checked.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ')}`;
  try {
    await assertUsableInputSchema(checked.graph.settings.inputSchema, failure.teamId);
  } catch (error) {
    return `the patched input schema is unusable: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

function attemptData(failure: Failure, strategy: string, actorId: string | null, usage: StrategyUsage) {
  return {
    teamId: failure.teamId,
    masteryId: failure.masteryId,
    runId: failure.runId,
    nodeId: failure.node?.id ?? '',
    errorCode: failure.error.code,
    strategy,
    instruction: failure.instruction ?? null,
    createdById: actorId,
    ...usage,
  };
}

async function storeProposal(db: PrismaClient, team: TeamScope, actorId: string | null, failure: Failure, strategy: string, graph: Graph, note: string, usage: StrategyUsage) {
  try {
    return await db.$transaction(async (tx) => {
      const latest = await tx.masteryVersion.findFirst({ where: { masteryId: failure.masteryId }, orderBy: { number: 'desc' }, select: { number: true } });
      const version = await tx.masteryVersion.create({
        data: { masteryId: failure.masteryId, number: (latest?.number ?? 0) + 1, parentId: failure.versionId, graph: jsonColumn(graph), source: 'EVOLVER', status: 'PROPOSED', note, authorId: actorId },
        select: { id: true, number: true },
      });
      await tx.evolutionAttempt.create({ data: { ...attemptData(failure, strategy, actorId, usage), outcome: 'PROPOSED', reason: note, proposalId: version.id } });
      if (actorId !== null) {
        await audit(tx, { teamId: team.id, actorId, action: 'version.propose', targetType: 'MasteryVersion', targetId: version.id, data: { masteryId: failure.masteryId, number: version.number, runId: failure.runId, strategy } });
      }
      return version;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new AppError('CONFLICT', 'Another version of this mastery was saved at the same moment; propose again');
    throw error;
  }
}

export async function propose(db: PrismaClient, deps: EvolverDeps, team: TeamScope, actorId: string | null, request: ProposeRequest): Promise<ProposeResult> {
  // An instruction asks for a change in words: only the model can make one. Without a model the
  // heuristics still try to fix a failed run, and the person is told their words were not used.
  const isInstructed = request.instruction !== undefined && deps.llm !== undefined;
  const notice = request.instruction !== undefined && deps.llm === undefined ? 'No model is configured, so the instruction was not used: only the built-in fixes were tried.' : null;
  const failure = await readFailure(db, team, request.runId, { instruction: request.instruction, graph: request.base });
  const candidates = isInstructed ? (request.strategies ?? STRATEGIES).filter((s) => s.id === 'llm-patch') : (request.strategies ?? STRATEGIES);
  const ranked = rankStrategies(candidates, await approvalsByStrategy(db, team.id, failure.error.code));
  const attempts: AttemptSummary[] = [];
  const hasModel = deps.llm !== undefined;
  if (isDecision(failure) && !isInstructed) return { proposal: null, attempts, notice, explanation: whyNoStrategy(failure, hasModel) };
  for (const strategy of ranked) {
    if (!strategy.appliesTo(failure)) continue;
    if (strategy.id === 'llm-patch' && deps.llm === undefined) continue;
    const outcome = await strategy.propose(failure, { llm: deps.llm, model: deps.model });
    const problem = outcome.kind === 'refused' ? outcome.reason : await problemOf(deps, failure, outcome.graph);
    const spent = { tokens: outcome.usage.tokensIn + outcome.usage.tokensOut, costUsd: outcome.usage.costUsd };
    if (problem !== undefined || outcome.kind === 'refused') {
      const reason = problem ?? 'refused';
      await db.evolutionAttempt.create({ data: { ...attemptData(failure, strategy.id, actorId, outcome.usage), outcome: 'REFUSED', reason } });
      attempts.push({ strategy: strategy.id, outcome: 'REFUSED', reason, ...spent });
      continue;
    }
    const repeat = await findRepeatedChange(db, failure.masteryId, failure.graph, outcome.graph, request.replacing);
    if (repeat !== null) {
      const reason = repeatReason(repeat);
      await db.evolutionAttempt.create({ data: { ...attemptData(failure, strategy.id, actorId, outcome.usage), outcome: 'REFUSED', reason } });
      attempts.push({ strategy: strategy.id, outcome: 'REFUSED', reason, ...spent, repeatOf: repeat });
      continue;
    }
    const version = await storeProposal(db, team, actorId, failure, strategy.id, outcome.graph, outcome.note, outcome.usage);
    attempts.push({ strategy: strategy.id, outcome: 'PROPOSED', reason: outcome.note, ...spent });
    const evidence = await gatherEvidence(db, deps.runtime, team, actorId, {
      masteryId: failure.masteryId,
      failedRunInput: failure.runInput,
      parentVersionId: failure.versionId,
      proposalVersionId: version.id,
    }, deps.replay);
    await db.evolutionAttempt.update({ where: { proposalId: version.id }, data: { evidence: jsonColumn(evidence) } });
    return { proposal: { id: version.id, number: version.number, note: outcome.note, strategy: strategy.id }, attempts, notice, explanation: null };
  }
  return { proposal: null, attempts, notice, explanation: attempts.length === 0 ? whyNoStrategy(failure, hasModel) : null };
}
