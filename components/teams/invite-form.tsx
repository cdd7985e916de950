'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Role } from '@/server/generated/prisma/enums';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select, type SelectOption } from '@/components/ui/select';
import { InviteLink } from './invite-link';

const FIELDS = ['email', 'role'] as const;

export function InviteForm({ roles }: { roles: readonly SelectOption[] }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [created, setCreated] = useState<{ url: string; email: string } | null>(null);
  const invite = useMutation(
    trpc.teams.invite.mutationOptions({
      onSuccess: (result) => {
        setCreated({ url: new URL(result.path, window.location.origin).toString(), email: result.email });
        router.refresh();
      },
    }),
  );
  const errors = fieldErrors(invite.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCreated(null);
    invite.mutate({ email: String(form.get('email') ?? ''), role: String(form.get('role') ?? 'VIEWER') as Role });
  }

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormAlert message={formError(invite.error, FIELDS)} />
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <Field label="Email" error={errors.email}>
            {(control) => <Input {...control} name="email" type="email" autoComplete="off" required />}
          </Field>
          <Field label="Role" error={errors.role} hint="Viewers read; editors also edit; approvers also approve; owners manage the team.">
            {(control) => <Select {...control} name="role" options={roles} defaultValue="VIEWER" />}
          </Field>
        </div>
        <div>
          <Button type="submit" isBusy={invite.isPending}>
            Create invite
          </Button>
        </div>
      </form>
      {created && <InviteLink url={created.url} email={created.email} />}
    </div>
  );
}
