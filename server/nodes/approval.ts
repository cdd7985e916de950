/**
 * `approval`: pauses its step in WAITING until a person with the approver role decides (tRPC
 * `runs.decide`), or its timeout passes. Two outputs, like n8n's approve/disapprove branches: `approved`
 * and `rejected`. A rejection fails the step by default (a rejected change must not look like a
 * successful run); `onReject: 'branch'` takes the `rejected` output instead, so the graph can react.
 */
import { z } from 'zod';
import { defineNodeType, waitFor } from '@/server/engine/node-type';
import type { WaitDecision } from '@/server/engine/ports';

const DAY_MS = 86_400_000;

const configSchema = z.strictObject({
  message: z
    .string()
    .min(1)
    .max(4000)
    .meta({
      title: 'Message',
      description: 'What the approver is asked; `{{ }}` templates can show earlier results.',
      examples: ['Publish the report for {{ input.region }}?\n\n{{ steps.report.output }}'],
    }),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(30 * DAY_MS)
    .optional()
    .meta({ title: 'Timeout (ms)', description: 'Decide automatically after this long with no decision (at most 30 days). Empty: wait forever.', examples: [3_600_000] }),
  onTimeout: z
    .enum(['approve', 'reject'])
    .default('reject')
    .meta({ title: 'On timeout', description: 'The decision taken when the timeout passes: approve, or reject (then "On reject" applies).', examples: ['reject'] }),
  onReject: z
    .enum(['fail', 'branch'])
    .default('fail')
    .meta({
      title: 'On reject',
      description: 'fail: the step and the run fail with APPROVAL_REJECTED. branch: the `rejected` output is taken, so the graph can handle it.',
      examples: ['fail'],
    }),
});

type ApprovalConfig = z.output<typeof configSchema>;

/** What the waiting step stores (and shows to the approver); `runs.decide` reads `onReject` back from it. */
export const approvalRequestSchema = z.object({
  message: z.string(),
  onReject: z.enum(['fail', 'branch']),
  requestedAt: z.number(),
  deadline: z.number().nullable(),
});

export interface ApprovalVerdict {
  decision: 'approve' | 'reject';
  /** Who decided; null when the timeout did. */
  by: { id: string; name: string | null; email: string } | null;
  comment?: string;
  at: number;
}

/** The engine decision for a verdict: the output records who decided, and the branch or failure follows. */
export function approvalDecision(onReject: ApprovalConfig['onReject'], verdict: ApprovalVerdict): WaitDecision {
  const timedOut = verdict.by === null;
  const output = {
    decision: verdict.decision === 'approve' ? 'approved' : 'rejected',
    decidedBy: verdict.by,
    comment: verdict.comment ?? null,
    decidedAt: verdict.at,
    timedOut,
  };
  if (verdict.decision === 'approve') return { kind: 'complete', output, handles: ['approved'] };
  if (onReject === 'branch') return { kind: 'complete', output, handles: ['rejected'] };
  const who = timedOut ? 'the timeout (no decision in time)' : (verdict.by?.name ?? verdict.by?.email ?? 'an approver');
  const comment = verdict.comment === undefined ? '' : `: ${verdict.comment}`;
  return { kind: 'fail', code: 'APPROVAL_REJECTED', message: `rejected by ${who}${comment}` };
}

export const approvalNode = defineNodeType({
  type: 'approval',
  title: 'Approval',
  category: 'flow',
  description: 'Pauses the run until a person with the approver role approves or rejects, or a timeout decides.',
  icon: 'user-check',
  configSchema,
  outputs: ['approved', 'rejected'],
  async execute(ctx) {
    const { message, timeoutMs, onTimeout, onReject } = ctx.config;
    const now = ctx.clock.now();
    const request = { message, onReject, requestedAt: now, deadline: timeoutMs === undefined ? null : now + timeoutMs } satisfies z.input<typeof approvalRequestSchema>;
    if (timeoutMs === undefined) return waitFor('approval', request);
    // The timeout decision is computed now and stored with the step, so it survives a restart unchanged.
    const decision = approvalDecision(onReject, { decision: onTimeout, by: null, at: now + timeoutMs });
    return waitFor('approval', request, { afterMs: timeoutMs, decision });
  },
});
