/**
 * Evidence for a proposal: the failed run's input and each of the mastery's test inputs are replayed on
 * the parent version and on the proposal, as evaluation runs (kept out of run lists and metrics, but
 * counted by budgets). A replay that fails, times out or is refused by a budget is recorded as such.
 */
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { RunId } from '@/server/engine/graph';
import { AppError } from '@/server/errors';
import { startRun } from '@/server/runs/service';
import type { RunRuntime } from '@/server/runs/runtime';
import type { TeamScope } from '@/server/teams/service';
import { evaluateCheck } from './check';
import { untilRunEnds } from './run-end';
import type { Evidence, EvidenceItem, Json, Replay } from './evidence-schema';

export interface ReplayOptions {
  /** How long one replay may take before it is cancelled and shown as timed out. */
  timeoutMs: number;
}

export const DEFAULT_REPLAY: ReplayOptions = { timeoutMs: 120_000 };

interface ReplayInput {
  label: string;
  testInputId: string | null;
  input: unknown;
  check: string | null;
}

function notRun(versionId: string, status: Replay['status'], error: string): Replay {
  return { versionId, runId: null, status, error, check: null, durationMs: null, tokens: 0, costUsd: 0 };
}

function runErrorOf(error: unknown): { code: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, message } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}

async function replay(db: PrismaClient, runtime: RunRuntime, team: TeamScope, actorId: string | null, masteryId: string, versionId: string, entry: ReplayInput, options: ReplayOptions): Promise<Replay> {
  let runId: string;
  try {
    const input = (typeof entry.input === 'object' && entry.input !== null ? entry.input : {}) as Record<string, unknown>;
    runId = (await startRun(db, runtime, team, actorId, { masteryId, versionId, input }, undefined, 'EVALUATION')).id;
  } catch (error) {
    if (error instanceof AppError) return notRun(versionId, error.code === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : 'ERROR', error.message);
    throw error;
  }
  const { run, isTimedOut } = await untilRunEnds(db, team, runId, options.timeoutMs, runtime.events);
  if (isTimedOut) await runtime.engine.cancel(runId as RunId, `evaluation replay ran past ${options.timeoutMs} ms`);
  const measured = {
    versionId,
    runId,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    tokens: run.tokensIn + run.tokensOut,
    costUsd: run.costUsd,
  };
  if (isTimedOut) return { ...measured, status: 'TIMED_OUT', error: `Still running after ${options.timeoutMs} ms; cancelled`, check: null };
  if (run.status !== 'SUCCEEDED') {
    const error = runErrorOf(run.error);
    const status = error?.code === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : error?.code === 'NODE_TIMEOUT' ? 'TIMED_OUT' : 'FAILED';
    return { ...measured, status, error: error ? `${error.code}: ${error.message}` : `Run ${run.status.toLowerCase()}`, check: null };
  }
  if (entry.check === null) return { ...measured, status: 'PASSED', error: null, check: null };
  const check = await evaluateCheck(entry.check, run.output, run.input);
  const checkError = 'error' in check ? check.error : null;
  return {
    ...measured,
    status: check.isPassed ? 'PASSED' : 'CHECK_FAILED',
    error: check.isPassed ? null : (checkError ?? `The check ${entry.check} is false for this output`),
    check: 'error' in check ? { isPassed: false, error: check.error } : { isPassed: check.isPassed, value: toJson(check.value) },
  };
}

/** A check's value as stored: JSON, or its text when it is not (JSONata returns plain data, but be sure). */
function toJson(value: unknown): Json {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
}

export interface EvidenceRequest {
  masteryId: string;
  failedRunInput: unknown;
  parentVersionId: string;
  proposalVersionId: string;
}

/** One replay after another: evaluation runs share the machine with production ones. */
export async function gatherEvidence(db: PrismaClient, runtime: RunRuntime, team: TeamScope, actorId: string | null, request: EvidenceRequest, options: ReplayOptions = DEFAULT_REPLAY): Promise<Evidence> {
  const tests = await db.testInput.findMany({ where: { masteryId: request.masteryId }, orderBy: { name: 'asc' }, select: { id: true, name: true, input: true, check: true } });
  const inputs: ReplayInput[] = [
    { label: 'Input of the failed run', testInputId: null, input: request.failedRunInput, check: null },
    ...tests.map((test) => ({ label: test.name, testInputId: test.id, input: test.input, check: test.check })),
  ];
  const items: EvidenceItem[] = [];
  for (const entry of inputs) {
    const parent = await replay(db, runtime, team, actorId, request.masteryId, request.parentVersionId, entry, options);
    const proposal = await replay(db, runtime, team, actorId, request.masteryId, request.proposalVersionId, entry, options);
    items.push({ label: entry.label, testInputId: entry.testInputId, checkExpression: entry.check, parent, proposal });
  }
  return { items, isPassing: items.every((item) => item.proposal.status === 'PASSED'), finishedAt: new Date().toISOString() };
}
