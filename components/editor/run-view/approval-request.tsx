'use client';
/**
 * A step waiting for a person (an `approval` node): its question, when it decides itself, and for approvers
 * Approve / Reject with an optional comment. The run panel's live stream shows what follows.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useCanApprove } from './run-permissions';

// What server/nodes/approval.ts stores with the waiting step, under `waiting`.
const waitingSchema = z.object({ waiting: z.object({ message: z.string(), deadline: z.number().nullable() }) });

export function ApprovalRequest({ runId, nodeId, name, output }: { runId: string; nodeId: string; name: string; output: unknown }) {
  const trpc = useTRPC();
  const canApprove = useCanApprove();
  const [comment, setComment] = useState('');
  const decide = useMutation(trpc.runs.decide.mutationOptions());
  const request = waitingSchema.safeParse(output);
  const message = request.success ? request.data.waiting.message : 'This step waits for a decision.';
  const deadline = request.success ? request.data.waiting.deadline : null;
  const send = (decision: 'approve' | 'reject') =>
    decide.mutate({ runId, nodeId, decision, ...(comment.trim() === '' ? {} : { comment: comment.trim() }) });

  return (
    <section aria-label={`Approval of ${name}`} className="flex flex-col gap-2 border-t border-zinc-100 bg-warning-50 px-3 py-2">
      <p className="text-xs font-medium text-warning-700">Waiting for approval</p>
      <p className="text-sm whitespace-pre-wrap text-zinc-900">{message}</p>
      {deadline !== null && <p className="text-xs text-zinc-600">Decided automatically at {new Date(deadline).toLocaleString()} if nobody decides before.</p>}
      {canApprove ? (
        <>
          <FormAlert message={decide.error?.message} />
          <Textarea aria-label="Comment (optional)" placeholder="Comment (optional)" rows={2} value={comment} maxLength={2000} onChange={(event) => setComment(event.target.value)} />
          <div className="flex gap-2">
            <Button size="sm" isBusy={decide.isPending && decide.variables.decision === 'approve'} disabled={decide.isPending || decide.isSuccess} onClick={() => send('approve')}>
              Approve
            </Button>
            <Button size="sm" variant="danger" isBusy={decide.isPending && decide.variables.decision === 'reject'} disabled={decide.isPending || decide.isSuccess} onClick={() => send('reject')}>
              Reject
            </Button>
          </div>
        </>
      ) : (
        <p className="text-xs text-zinc-600">A person with the approver role decides.</p>
      )}
    </section>
  );
}
