/**
 * A person's decision on an `approval` step (tRPC `runs.decide`): checked against the stored run of the
 * caller's team, applied through the engine (which refuses a step that stopped waiting meanwhile, so two
 * approvers cannot both decide), and recorded in the step's output and the audit log.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, InputError, NotFoundError } from '@/server/errors';
import type { RunId } from '@/server/engine/graph';
import { approvalDecision, approvalRequestSchema } from '@/server/nodes/approval';
import { audit } from '@/server/audit';
import type { TeamScope } from '@/server/teams/service';
import type { RunRuntime } from './runtime';
import type { decideSchema } from './schemas';

function nodeTypeOf(graph: unknown, nodeId: string): string | undefined {
  if (typeof graph !== 'object' || graph === null || !('nodes' in graph) || !Array.isArray(graph.nodes)) return undefined;
  const node: unknown = graph.nodes.find((n: unknown) => typeof n === 'object' && n !== null && 'id' in n && n.id === nodeId);
  return typeof node === 'object' && node !== null && 'type' in node && typeof node.type === 'string' ? node.type : undefined;
}

export async function decideApproval(db: PrismaClient, runtime: RunRuntime, team: TeamScope, userId: string, input: z.output<typeof decideSchema>) {
  const run = await db.run.findFirst({
    where: { id: input.runId, teamId: team.id },
    select: { id: true, version: { select: { graph: true } }, steps: { where: { nodeId: input.nodeId }, select: { status: true, output: true } } },
  });
  if (run === null) throw new NotFoundError('Run');
  const type = nodeTypeOf(run.version.graph, input.nodeId);
  if (type === undefined) throw new NotFoundError(`Step "${input.nodeId}"`);
  if (type !== 'approval') throw new InputError(`Step "${input.nodeId}" is a ${type} step, not an approval`);
  const step = run.steps[0];
  if (step?.status !== 'WAITING') {
    throw new AppError('STEP_NOT_WAITING', `Step "${input.nodeId}" is not waiting for a decision (it is ${step?.status ?? 'PENDING'})`);
  }
  const request = approvalRequestSchema.safeParse((step.output as { waiting?: unknown } | null)?.waiting);
  const onReject = request.success ? request.data.onReject : 'fail';
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true, email: true } });
  const at = Date.now();
  const decision = approvalDecision(onReject, { decision: input.decision, by: user, at, ...(input.comment === undefined ? {} : { comment: input.comment }) });
  await runtime.engine.resolveWaiting(run.id as RunId, input.nodeId, decision);
  await audit(db, {
    teamId: team.id,
    actorId: userId,
    action: input.decision === 'approve' ? 'run.approve' : 'run.reject',
    targetType: 'Run',
    targetId: run.id,
    data: { nodeId: input.nodeId, decision: input.decision, comment: input.comment ?? null },
  });
  return db.run.findUniqueOrThrow({ where: { id: run.id }, select: { id: true, status: true } });
}
