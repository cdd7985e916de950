'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { VersionRow, type VersionItem } from './version-row';
import { reviewHref } from './version-links';

const HEADINGS = ['Version', 'Source', 'Status', 'Author', 'Parent', 'Note', 'Created', 'Decided', 'Runs · success'];

/** Every version of a mastery; pick two to compare, make an earlier one current, open a proposal. */
export function VersionHistory({ masteryId, versions, canEdit }: { masteryId: string; versions: VersionItem[]; canEdit: boolean }) {
  const router = useRouter();
  const trpc = useTRPC();
  const [selected, setSelected] = useState<string[]>([]);
  const makeCurrent = useMutation(trpc.versions.makeCurrent.mutationOptions({ onSuccess: () => router.refresh() }));
  const base = `/masteries/${masteryId}/versions`;

  function select(id: string, isSelected: boolean) {
    // The two most recently ticked versions are compared.
    setSelected((current) => (isSelected ? [...current.filter((x) => x !== id), id].slice(-2) : current.filter((x) => x !== id)));
  }

  function compare() {
    const byNumber = versions.filter((v) => selected.includes(v.id)).sort((a, b) => a.number - b.number);
    const [from, to] = byNumber;
    if (from && to) router.push(`${base}?from=${from.id}&to=${to.id}`);
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <Button size="sm" variant="secondary" disabled={selected.length !== 2} onClick={compare}>
          Compare selected
        </Button>
        {makeCurrent.error && (
          <p role="alert" className="text-sm text-danger-700">
            {makeCurrent.error.message}
          </p>
        )}
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
        <table aria-label="Versions" className="w-full text-left">
          <thead className="text-xs text-zinc-500 uppercase">
            <tr>
              <th className="px-3 py-2">
                <span className="sr-only">Compare</span>
              </th>
              {HEADINGS.map((heading) => (
                <th key={heading} className="px-3 py-2">
                  {heading}
                </th>
              ))}
              <th className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {versions.map((version) => (
              <VersionRow
                key={version.id}
                version={version}
                isSelected={selected.includes(version.id)}
                onSelect={(isSelected) => select(version.id, isSelected)}
                canEdit={canEdit}
                isMakingCurrent={makeCurrent.isPending && makeCurrent.variables.versionId === version.id}
                onMakeCurrent={() => makeCurrent.mutate({ versionId: version.id })}
                reviewHref={reviewHref(masteryId, version.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
