'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { filterMasteries, type MasteryShow, type MasterySort } from './mastery-filter';
import { MasteryRow, type MasteryItem } from './mastery-row';

export interface MasteryListProps {
  masteries: readonly MasteryItem[];
  canEdit: boolean;
  isShowingArchived: boolean;
}

const HEADERS = ['Name', 'Version', 'Updated', 'Last run'] as const;

const SHOW_OPTIONS: ReadonlyArray<{ value: MasteryShow; label: string }> = [
  { value: 'all', label: 'All masteries' },
  { value: 'drafts', label: 'With unpublished drafts' },
  { value: 'failing', label: 'Last run failed' },
  { value: 'neverRun', label: 'Never run' },
];
const SORT_OPTIONS: ReadonlyArray<{ value: MasterySort; label: string }> = [
  { value: 'updated', label: 'Recently updated' },
  { value: 'lastRun', label: 'Recently run' },
  { value: 'name', label: 'Name' },
];

export function MasteryList({ masteries, canEdit, isShowingArchived }: MasteryListProps) {
  const router = useRouter();
  // Local state so the box ticks at once; the server answers with the matching list.
  const [showArchived, setShowArchived] = useState(isShowingArchived);
  const [isPending, startTransition] = useTransition();
  const [text, setText] = useState('');
  const [show, setShow] = useState<MasteryShow>('all');
  const [sort, setSort] = useState<MasterySort>('updated');
  const shown = useMemo(() => filterMasteries(masteries, { text, show, sort }), [masteries, text, show, sort]);

  function toggleArchived(checked: boolean) {
    setShowArchived(checked);
    startTransition(() => router.replace(checked ? '/masteries?archived=1' : '/masteries', { scroll: false }));
  }

  return (
    <div className="flex flex-col gap-4">
      <div role="search" className="flex flex-wrap items-center gap-3">
        <Input
          type="search"
          aria-label="Search masteries"
          placeholder="Search by name or description"
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="h-9 max-w-sm"
        />
        <Select aria-label="Show" controlSize="sm" widthClassName="w-auto" value={show} options={SHOW_OPTIONS} onChange={(event) => setShow(event.target.value as MasteryShow)} />
        <Select aria-label="Sort by" controlSize="sm" widthClassName="w-auto" value={sort} options={SORT_OPTIONS} onChange={(event) => setSort(event.target.value as MasterySort)} />
        <label className="flex w-fit items-center gap-2 text-sm text-zinc-700">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(event) => toggleArchived(event.target.checked)}
            className="size-4 rounded border-zinc-300 accent-accent-600"
          />
          Show archived
        </label>
        {shown.length !== masteries.length && (
          <p role="status" className="text-sm text-zinc-600">
            {shown.length} of {masteries.length}
          </p>
        )}
      </div>
      {masteries.length === 0 ? (
        <EmptyState
          title={isShowingArchived ? 'No masteries in this team' : 'No masteries yet'}
          description={
            canEdit
              ? 'A mastery is a workflow of AI-agent steps. Use “New mastery” to create one.'
              : 'A mastery is a workflow of AI-agent steps. People with the Editor role can create them.'
          }
        />
      ) : shown.length === 0 ? (
        <EmptyState title="No mastery matches" description="Try other words, or show all masteries." />
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
              {shown.map((mastery) => (
                <MasteryRow key={mastery.id} mastery={mastery} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
