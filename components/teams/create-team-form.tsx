'use client';

import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** Creates a team; the server makes it the active team, so the app then shows it. */
export function CreateTeamForm() {
  const trpc = useTRPC();
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      onSuccess: () => {
        // A full page load: the active team changed, and cached pages were rendered for the old one.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the full load is the point (see above)
        window.location.assign('/masteries');
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormAlert message={formError(create.error, ['name'])} />
      <Field label="Team name" error={fieldErrors(create.error).name}>
        {(control) => <Input {...control} name="name" required autoFocus maxLength={80} autoComplete="organization" />}
      </Field>
      <div>
        <Button type="submit" isBusy={create.isPending || create.isSuccess}>
          Create team
        </Button>
      </div>
    </form>
  );
}
