'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { MasteryRow, type MasteryItem } from './mastery-row';

export interface MasteryListProps {
  masteries: readonly MasteryItem[];
  canEdit: boolean;
  isShowingArchived: boolean;
}

const HEADERS = ['Name', 'Version', 'Updated', 'Last run'] as const;

export function MasteryList({ masteries, canEdit, isShowingArchived }: MasteryListProps) {
  const router = useRouter();
  // Local state so the box ticks at once; the server answers with the matching list.
  const [showArchived, setShowArchived] = useState(isShowingArchived);
  const [isPending, startTransition] = useTransition();

  function toggleArchived(checked: boolean) {
    setShowArchived(checked);
    startTransition(() => router.replace(checked ? '/masteries?archived=1' : '/masteries', { scroll: false }));
  }

  return (
    <div className="flex flex-col gap-4">
      <label className="flex w-fit items-center gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          checked={showArchived}
          onChange={(event) => toggleArchived(event.target.checked)}
          className="size-4 rounded border-zinc-300 accent-accent-600"
        />
        Show archived
      </label>
      {masteries.length === 0 ? (
        <EmptyState
          title={isShowingArchived ? 'No masteries in this team' : 'No masteries yet'}
          description={
            canEdit
              ? 'A mastery is a workflow of AI-agent steps. Use “New mastery” to create one.'
              : 'A mastery is a workflow of AI-agent steps. People with the Editor role can create them.'
          }
        />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm" aria-busy={isPending || undefined}>
          <table className="min-w-full divide-y divide-zinc-200">
            <thead className="bg-zinc-50">
              <tr>
                {HEADERS.map((header) => (
                  <th key={header} scope="col" className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase">
                    {header}
                  </th>
                ))}
                {canEdit && (
                  <th scope="col" className="px-4 py-2.5 text-right text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {masteries.map((mastery) => (
                <MasteryRow key={mastery.id} mastery={mastery} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
