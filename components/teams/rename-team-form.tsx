'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

export function RenameTeamForm({ name }: { name: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const rename = useMutation(trpc.teams.rename.mutationOptions({ onSuccess: () => router.refresh() }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
      <div className="flex-1">
        <FormAlert message={formError(rename.error, ['name'])} />
        <Field label="Team name" error={fieldErrors(rename.error).name}>
          {(control) => <Input {...control} name="name" defaultValue={name} required maxLength={80} />}
        </Field>
      </div>
      <Button type="submit" variant="secondary" isBusy={rename.isPending} className="sm:mt-7">
        Save
      </Button>
      {rename.isSuccess && !rename.isPending && (
        <p role="status" className="text-sm text-success-700 sm:mt-9">
          Saved
        </p>
      )}
    </form>
  );
}
