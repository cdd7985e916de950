'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** Approve, or reject with a reason: shown to approvers only (the server refuses everyone else too). */
export function ProposalDecision({ proposalId, number, onDecided }: { proposalId: string; number: number; onDecided: () => void }) {
  const trpc = useTRPC();
  const [isRejecting, setIsRejecting] = useState(false);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const approve = useMutation(trpc.evolution.approve.mutationOptions({ onSuccess: onDecided }));
  const reject = useMutation(trpc.evolution.reject.mutationOptions({ onSuccess: onDecided }));

  function onReject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    // Checked here too, so an empty reason is named at its field rather than after a round-trip.
    if (reason === '') {
      setReasonError('Say why you reject this proposal');
      return;
    }
    setReasonError(null);
    reject.mutate({ proposalId, reason });
  }

  return (
    <div className="flex flex-col gap-2">
      <FormAlert message={approve.error?.message ?? reject.error?.message} />
      {isRejecting ? (
        <form onSubmit={onReject} noValidate className="flex flex-wrap items-end gap-2">
          <Field label="Reason for rejecting" error={reasonError}>
            {(control) => <Input {...control} name="reason" required maxLength={2000} autoFocus onChange={() => setReasonError(null)} />}
          </Field>
          <Button type="submit" variant="danger" isBusy={reject.isPending}>
            Reject version {number}
          </Button>
          <Button variant="ghost" onClick={() => setIsRejecting(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <div className="flex gap-2">
          <Button isBusy={approve.isPending} onClick={() => approve.mutate({ proposalId })}>
            Approve
          </Button>
          <Button variant="secondary" onClick={() => setIsRejecting(true)}>
            Reject
          </Button>
        </div>
      )}
    </div>
  );
}
