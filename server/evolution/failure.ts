/**
 * What the evolver knows of a failed run: the step that failed, its error (code and whether a retry may
 * help), config and input, its attempts, what the run's other steps produced, and how long the same step
 * took when it succeeded in earlier runs of the mastery.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { Graph, GraphNode } from '@/server/engine/graph';
import { AppError } from '@/server/errors';
import { resolveStepInput } from '@/server/engine/step-input';
import { getRun } from '@/server/runs/service';
import type { TeamScope } from '@/server/teams/service';
import { storedGraph } from '@/server/versions/compare';

const stepErrorSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean().default(false) });
export type FailureError = z.infer<typeof stepErrorSchema>;
const runErrorSchema = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() });

export interface AttemptRecord {
  attempt: number;
  status: string;
  durationMs: number | null;
  error: FailureError | null;
}

export interface Failure {
  runId: string;
  teamId: string;
  masteryId: string;
  versionId: string;
  versionNumber: number;
  graph: Graph;
  /** The failed step; undefined when the run did not fail and an instruction asks for an improvement. */
  node: GraphNode | undefined;
  /** `INSTRUCTION` when nothing failed and a person asked for a change. */
  error: FailureError;
  attempts: AttemptRecord[];
  runInput: unknown;
  stepInput: unknown;
  /** Outputs of the run's steps that succeeded, as expressions read them. */
  scope: { input: unknown; steps: Record<string, { output: unknown }> };
  /** Durations of this step's successful attempts in earlier production runs of the mastery, newest first. */
  pastDurationsMs: number[];
  instruction: string | undefined;
}

const HISTORY_ATTEMPTS = 200;

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/** `graph` replaces the failed version's graph: a re-proposal applies the same fix to the newer current one. */
export async function readFailure(db: PrismaClient, team: TeamScope, runId: string, options: { instruction?: string; graph?: { versionId: string; number: number; graph: unknown } } = {}): Promise<Failure> {
  const run = await getRun(db, team, runId);
  const base = options.graph ?? { versionId: run.versionId, number: run.version.number, graph: (await db.masteryVersion.findUniqueOrThrow({ where: { id: run.versionId }, select: { graph: true } })).graph };
  const graph = storedGraph(base.graph, base.number);
  const runError = parsed(runErrorSchema, run.error);
  const failedStep = run.steps.find((step) => step.nodeId === runError?.nodeId) ?? run.steps.find((step) => step.status === 'FAILED');
  const isFailed = run.status === 'FAILED' && failedStep !== undefined;
  if (!isFailed && options.instruction === undefined) {
    throw new AppError('BAD_INPUT', `Run ${run.id} did not fail at a step (${run.status.toLowerCase()}); say what to improve to propose a change`);
  }
  const node = isFailed ? graph.nodes.find((candidate) => candidate.id === failedStep.nodeId) : undefined;
  if (isFailed && node === undefined) throw new AppError('CONFLICT', `Step "${failedStep.nodeId}" is no longer in version ${base.number}; nothing to fix there`);
  const error = isFailed
    ? (parsed(stepErrorSchema, failedStep.error) ?? { code: runError?.code ?? 'NODE_FAILED', message: runError?.message ?? 'failed', retryable: false })
    : { code: 'INSTRUCTION', message: options.instruction ?? '', retryable: false };
  const steps: Record<string, { output: unknown }> = {};
  for (const step of run.steps) if (step.status === 'SUCCEEDED') steps[step.nodeId] = { output: step.output };
  return {
    runId: run.id,
    teamId: team.id,
    masteryId: run.masteryId,
    versionId: base.versionId,
    versionNumber: base.number,
    graph,
    node,
    error,
    attempts: run.attempts
      .filter((attempt) => attempt.nodeId === node?.id)
      .map((attempt) => ({ attempt: attempt.attempt, status: attempt.status, durationMs: attempt.durationMs, error: parsed(stepErrorSchema, attempt.error) })),
    runInput: run.input,
    // Stored as references to the upstream steps (step-input.ts): their outputs are `steps` above.
    stepInput: resolveStepInput(failedStep?.input ?? null, (id) => steps[id]?.output),
    scope: { input: run.input, steps },
    pastDurationsMs: node === undefined ? [] : await pastDurations(db, run.masteryId, run.id, node.id),
    instruction: options.instruction,
  };
}

async function pastDurations(db: PrismaClient, masteryId: string, runId: string, nodeId: string): Promise<number[]> {
  const rows = await db.stepRun.findMany({
    where: { nodeId, status: 'SUCCEEDED', durationMs: { not: null }, run: { masteryId, purpose: 'PRODUCTION', id: { not: runId } } },
    orderBy: { finishedAt: 'desc' },
    take: HISTORY_ATTEMPTS,
    select: { durationMs: true },
  });
  return rows.flatMap((row) => (row.durationMs === null ? [] : [row.durationMs]));
}
