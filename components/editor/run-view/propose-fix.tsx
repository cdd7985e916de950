/**
 * "Propose a fix" for a failed run (editors): an optional instruction for the model, then the proposal
 * with a link to review it, or why none was made. The evolver replays the inputs for evidence before it
 * answers, so the request takes a while.
 */
import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { Wand2 } from 'lucide-react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { reviewHref } from '@/components/versions/version-links';

export function ProposeFixButton({ runId, masteryId }: { runId: string; masteryId: string }) {
  const trpc = useTRPC();
  const [isOpen, setIsOpen] = useState(false);
  const propose = useMutation(trpc.evolution.propose.mutationOptions());
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
              <p>
                Version {result.proposal.number} was proposed ({result.proposal.strategy}): {result.proposal.note}{' '}
                <Link href={reviewHref(masteryId, result.proposal.id)} className="font-medium text-accent-700 hover:underline">
                  Review version {result.proposal.number}
                </Link>
              </p>
            ) : (
              <>
                <p>No fix could be proposed for this failure.</p>
                {result.attempts.length > 0 && (
                  <ul aria-label="What was tried" className="list-disc pl-5 text-xs text-zinc-600">
                    {result.attempts.map((attempt, index) => (
                      <li key={index}>
                        {attempt.strategy}: {attempt.reason}
                      </li>
                    ))}
                  </ul>
                )}
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
