/**
 * "Propose a fix" for a failed run (editors): an optional instruction for the model, then the proposal
 * with a link to review it, or why none was made. The evolver replays the inputs for evidence before it
 * answers, so the request takes a while. Proposals already made for the run are listed in its panel.
 */
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Wand2 } from 'lucide-react';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { reviewHref } from '@/components/versions/version-links';

export function ProposeFixButton({ runId, masteryId }: { runId: string; masteryId: string }) {
  const trpc = useTRPC();
  const [isOpen, setIsOpen] = useState(false);
  const queryClient = useQueryClient();
  const propose = useMutation(trpc.evolution.propose.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.evolution.forRun.queryKey({ runId }) }) }));
  const result = propose.data;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const instruction = String(new FormData(event.currentTarget).get('instruction') ?? '').trim();
    propose.mutate({ runId, ...(instruction === '' ? {} : { instruction }) });
  }

  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setIsOpen(true)}>
        <Wand2 aria-hidden="true" className="size-4" />
        Propose a fix
      </Button>
      <Dialog isOpen={isOpen} title="Propose a fix" onClose={() => setIsOpen(false)}>
        {result === undefined ? (
          <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
            <p className="text-sm text-zinc-600">The evolver reads the failure, proposes a changed version and replays the inputs on both versions for evidence. An approver decides in Review.</p>
            <Field label="Instruction (optional)" hint="Read by the model, when one is configured; the built-in fixes ignore it.">
              {(control) => <Textarea {...control} name="instruction" maxLength={2000} placeholder="make the prompt ask for JSON" />}
            </Field>
            <FormAlert message={propose.error?.message} />
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setIsOpen(false)}>Cancel</Button>
              <Button type="submit" isBusy={propose.isPending}>
                {propose.isPending ? 'Proposing and replaying…' : 'Propose'}
              </Button>
            </div>
          </form>
        ) : (
          <div role="status" className="flex flex-col gap-3 text-sm text-zinc-700">
            {result.notice && <p className="rounded-md bg-warning-50 p-2 text-warning-700">{result.notice}</p>}
            {result.proposal ? (
              <div>
                Version {result.proposal.number} was proposed ({result.proposal.strategy}): {result.proposal.note}{' '}
                <Link href={reviewHref(masteryId, result.proposal.id)} className="font-medium text-accent-700 hover:underline">
                  Review version {result.proposal.number}
                </Link>
                {result.attempts.some((attempt) => attempt.repeatOf) && <RepeatedAttempts attempts={result.attempts.filter((attempt) => attempt.repeatOf)} masteryId={masteryId} />}
              </div>
            ) : (
              <>
                <p>No fix could be proposed for this failure.</p>
                {result.explanation && <p>{result.explanation}</p>}
                {result.attempts.length > 0 && <RepeatedAttempts attempts={result.attempts} masteryId={masteryId} />}
              </>
            )}
            <div className="flex justify-end">
              <Button variant="secondary" onClick={() => { propose.reset(); setIsOpen(false); }}>Close</Button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}

type Attempt = RouterOutputs['evolution']['propose']['attempts'][number];

/** What was tried and why it was not kept; a change already decided on links to its proposal. */
function RepeatedAttempts({ attempts, masteryId }: { attempts: Attempt[]; masteryId: string }) {
  return (
    <ul aria-label="What was tried" className="mt-2 list-disc pl-5 text-xs text-zinc-600">
      {attempts.map((attempt, index) => (
        <li key={index}>
          {attempt.strategy}: {attempt.reason}
          {attempt.repeatOf && (
            <>
              {' '}
              <Link href={reviewHref(masteryId, attempt.repeatOf.id)} className="font-medium text-accent-700 hover:underline">
                See version {attempt.repeatOf.number}
              </Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The proposals the evolver (or a person) already made for this run, each with its state and a link. */
export function RunProposals({ runId, masteryId }: { runId: string; masteryId: string }) {
  const trpc = useTRPC();
  const proposals = useQuery(trpc.evolution.forRun.queryOptions({ runId }));
  if (!proposals.data || proposals.data.length === 0) return null;
  return (
    <ul aria-label="Proposals for this run" className="flex flex-col gap-1 rounded-md border border-accent-100 bg-white p-2 text-sm text-zinc-700">
      {proposals.data.map((proposal) => (
        <li key={proposal.id}>
          A fix was already proposed for this run as version {proposal.number} ({proposal.strategy}), {proposal.status === 'PROPOSED' ? 'waiting for review' : proposal.status.toLowerCase()}
          {proposal.status === 'REJECTED' && proposal.decisionNote ? `: ${proposal.decisionNote}` : ''}.{' '}
          <Link href={reviewHref(masteryId, proposal.id)} className="font-medium text-accent-700 hover:underline">
            Review version {proposal.number}
          </Link>
        </li>
      ))}
    </ul>
  );
}
