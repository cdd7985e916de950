import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RelativeTime } from './relative-time';
import { RunStatusBadge } from './run-status-badge';

export type MasteryItem = RouterOutputs['masteries']['list'][number];

export function MasteryRow({ mastery, canEdit }: { mastery: MasteryItem; canEdit: boolean }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [isRenaming, setIsRenaming] = useState(false);
  const isArchived = mastery.archivedAt !== null;
  const rename = useMutation(
    trpc.masteries.rename.mutationOptions({
      onSuccess: () => {
        setIsRenaming(false);
        router.refresh();
      },
    }),
  );
  const setArchived = useMutation((isArchived ? trpc.masteries.unarchive : trpc.masteries.archive).mutationOptions({ onSuccess: () => router.refresh() }));

  function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate({ id: mastery.id, name: String(new FormData(event.currentTarget).get('name') ?? '') });
  }

  return (
    <tr className="align-top">
      <td className="min-w-48 px-4 py-3">
        {isRenaming ? (
          <form onSubmit={onRename} noValidate className="flex flex-col gap-2">
            <FormAlert message={formError(rename.error, ['name'])} />
            <Field label="Name" isLabelHidden error={fieldErrors(rename.error).name}>
              {(control) => <Input {...control} name="name" defaultValue={mastery.name} required autoFocus maxLength={100} />}
            </Field>
            <div className="flex gap-2">
              <Button type="submit" size="sm" isBusy={rename.isPending}>
                Save
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setIsRenaming(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/masteries/${mastery.id}`} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline">
              {mastery.name}
            </Link>
            {isArchived && <Badge>Archived</Badge>}
            <Link href={`/masteries/${mastery.id}/versions`} className="text-xs text-zinc-500 hover:text-accent-700 hover:underline">
              Versions
            </Link>
          </div>
        )}
        {!isRenaming && mastery.description && <p className="mt-1 line-clamp-2 text-sm text-zinc-500">{mastery.description}</p>}
      </td>
      <td className="px-4 py-3 text-sm text-zinc-700">
        <div className="flex flex-wrap items-center gap-2">
          <span>{mastery.currentVersion === null ? '—' : `v${mastery.currentVersion}`}</span>
          {mastery.draftVersion !== null && (
            <Badge tone="warning">Draft v{mastery.draftVersion}</Badge>
          )}
        </div>
      </td>
      <td className="px-4 py-3 text-sm whitespace-nowrap text-zinc-700">
        <RelativeTime date={mastery.updatedAt} />
      </td>
      <td className="px-4 py-3 whitespace-nowrap">
        <RunStatusBadge status={mastery.lastRun?.status ?? null} />
      </td>
      {canEdit && (
        <td className="px-4 py-3">
          <div className="flex justify-end gap-2">
            {!isRenaming && !isArchived && (
              <Button size="sm" variant="secondary" onClick={() => { rename.reset(); setIsRenaming(true); }}>
                Rename<span className="sr-only"> {mastery.name}</span>
              </Button>
            )}
            <Button size="sm" variant="secondary" isBusy={setArchived.isPending} onClick={() => setArchived.mutate({ id: mastery.id })}>
              {isArchived ? 'Restore' : 'Archive'}
              <span className="sr-only"> {mastery.name}</span>
            </Button>
          </div>
          {setArchived.error && (
            <p role="alert" className="mt-2 text-right text-sm text-danger-700">
              {setArchived.error.message}
            </p>
          )}
        </td>
      )}
    </tr>
  );
}
