'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

/** A new value for an existing secret; the old one is never shown. */
export function SecretValueForm({ name, onDone, onCancel }: { name: string; onDone(): void; onCancel(): void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState('');
  const replace = useMutation(trpc.secrets.set.mutationOptions({ onSuccess: onDone }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    replace.mutate({ name, value });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Replace ${name}`} className="flex flex-wrap items-end gap-2">
      <FormAlert message={formError(replace.error, ['value'])} />
      <Field label={`New value for ${name}`} error={fieldErrors(replace.error).value} className="min-w-64 flex-1">
        {(control) => <Input {...control} type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="new-password" autoFocus />}
      </Field>
      <Button type="submit" size="sm" isBusy={replace.isPending}>
        Save value
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  );
}
