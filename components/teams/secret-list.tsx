'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import type { RouterOutputs } from '@/components/trpc/types';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/masteries/relative-time';
import { SecretValueForm } from './secret-value-form';

type Secret = RouterOutputs['secrets']['list'][number];

/**
 * The team's secrets by name. A value goes in once and never comes back to the browser: replacing one
 * means typing the new value. HTTP steps use them as `{{ $secrets.NAME }}`.
 */
export function SecretList({ secrets, canManage }: { secrets: readonly Secret[]; canManage: boolean }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [replacing, setReplacing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        router.refresh();
      },
    }),
  );

  return (
    <div className="flex flex-col gap-4">
      {secrets.length === 0 ? (
        <p className="text-sm text-zinc-500">No secrets yet.</p>
      ) : (
        <ul aria-label="Secrets" className="divide-y divide-zinc-100">
          {secrets.map((secret) => (
            <li key={secret.name} className="flex flex-col gap-2 py-2">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div className="min-w-0 text-sm">
                  <code className="font-mono font-medium text-zinc-900">{secret.name}</code>
                  <span className="ml-2 text-zinc-500">
                    set <RelativeTime date={secret.updatedAt} />
                  </span>
                </div>
                {canManage && (
                  <div className="flex gap-2">
                    <Button size="sm" variant="ghost" onClick={() => setReplacing(replacing === secret.name ? null : secret.name)}>
                      Replace<span className="sr-only"> {secret.name}</span>
                    </Button>
                    <Button size="sm" variant="danger" onClick={() => setDeleting(secret.name)}>
                      Delete<span className="sr-only"> {secret.name}</span>
                    </Button>
                  </div>
                )}
              </div>
              {replacing === secret.name && (
                <SecretValueForm
                  name={secret.name}
                  onDone={() => {
                    setReplacing(null);
                    router.refresh();
                  }}
                  onCancel={() => setReplacing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canManage ? <NewSecretForm onCreated={() => router.refresh()} /> : <p className="text-sm text-zinc-500">Editors and owners can add secrets.</p>}
      <ConfirmDialog
        isOpen={deleting !== null}
        title={`Delete ${deleting ?? ''}?`}
        error={remove.error?.message}
        confirmLabel="Delete secret"
        isBusy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ name: deleting })}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        HTTP steps that use <code className="font-mono">{`{{ $secrets.${deleting ?? ''} }}`}</code> will fail until a secret with this name exists again.
      </ConfirmDialog>
    </div>
  );
}

function NewSecretForm({ onCreated }: { onCreated(): void }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const create = useMutation(
    trpc.secrets.set.mutationOptions({
      onSuccess: () => {
        setName('');
        setValue('');
        onCreated();
      },
    }),
  );
  const errors = fieldErrors(create.error);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: name.trim(), value });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a secret" className="flex flex-col gap-3 border-t border-zinc-100 pt-4">
      <FormAlert message={formError(create.error, ['name', 'value'])} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" hint="Upper case, e.g. API_TOKEN" error={errors.name}>
          {(control) => (
            <Input {...control} value={name} onChange={(e) => setName(e.target.value.toUpperCase())} autoComplete="off" spellCheck={false} maxLength={64} className="font-mono" />
          )}
        </Field>
        <Field label="Value" hint="Stored encrypted; never shown again" error={errors.value}>
          {(control) => <Input {...control} type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="new-password" />}
        </Field>
      </div>
      <div>
        <Button type="submit" size="sm" isBusy={create.isPending}>
          Add secret
        </Button>
      </div>
    </form>
  );
}
