'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';

const FIELDS = ['name', 'description'] as const;

export function NewMasteryButton() {
  const router = useRouter();
  const trpc = useTRPC();
  const [isOpen, setIsOpen] = useState(false);
  const create = useMutation(
    trpc.masteries.create.mutationOptions({
      // A new mastery is made to be edited: open it.
      onSuccess: (created) => {
        setIsOpen(false);
        router.push(`/masteries/${created.id}`);
      },
    }),
  );
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get('name') ?? ''), description: String(form.get('description') ?? '') });
  }

  function open() {
    create.reset();
    setIsOpen(true);
  }

  return (
    <>
      <Button onClick={open}>New mastery</Button>
      <Dialog isOpen={isOpen} title="New mastery" onClose={() => setIsOpen(false)}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
          <FormAlert message={formError(create.error, FIELDS)} />
          <Field label="Name" error={errors.name}>
            {(control) => <Input {...control} name="name" required autoFocus maxLength={100} />}
          </Field>
          <Field label="Description" error={errors.description} hint="Optional: what this mastery is for.">
            {(control) => <Textarea {...control} name="description" maxLength={2000} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setIsOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" isBusy={create.isPending}>
              Create
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
