'use client';

import Link from 'next/link';
import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/masteries/relative-time';
import { percent, personName, SOURCE_LABEL, STATUS_TONE } from './version-format';
import { MakeCurrentButton } from './make-current-button';

export type VersionItem = RouterOutputs['versions']['list'][number];

interface VersionRowProps {
  version: VersionItem;
  isSelected: boolean;
  onSelect(isSelected: boolean): void;
  canEdit: boolean;
  isMakingCurrent: boolean;
  onMakeCurrent(): void;
  reviewHref: string;
}

export function VersionRow({ version: v, isSelected, onSelect, canEdit, isMakingCurrent, onMakeCurrent, reviewHref }: VersionRowProps) {
  return (
    <tr className="align-top text-sm text-zinc-700">
      <td className="px-3 py-2">
        <input type="checkbox" checked={isSelected} onChange={(event) => onSelect(event.target.checked)} aria-label={`Select version ${v.number} to compare`} />
      </td>
      <th scope="row" className="px-3 py-2 font-medium whitespace-nowrap text-zinc-900">
        v{v.number} {v.isCurrent && <Badge tone="accent">Current</Badge>}
      </th>
      <td className="px-3 py-2">{SOURCE_LABEL[v.source] ?? v.source}</td>
      <td className="px-3 py-2">
        <Badge tone={STATUS_TONE[v.status] ?? 'neutral'}>{v.status.toLowerCase()}</Badge>
      </td>
      <td className="px-3 py-2">{v.source === 'EVOLVER' && v.author === null ? 'the evolver' : personName(v.author)}</td>
      <td className="px-3 py-2">{v.parent ? `v${v.parent.number}` : '—'}</td>
      <td className="max-w-xs px-3 py-2 break-words">{v.note || '—'}</td>
      <td className="px-3 py-2 whitespace-nowrap">
        <RelativeTime date={v.createdAt} />
      </td>
      <td className="px-3 py-2">
        {v.decidedAt ? (
          <>
            {personName(v.decidedBy)}, <RelativeTime date={v.decidedAt} />
            {v.decisionNote && <div className="text-xs text-zinc-500">{v.decisionNote}</div>}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {v.runStats.runs} · {percent(v.runStats.successRate)}
      </td>
      <td className="px-3 py-2">
        <div className="flex justify-end gap-2">
          {v.status === 'PROPOSED' && (
            <Link href={reviewHref} className="text-sm font-medium text-accent-700 hover:underline">
              Review<span className="sr-only"> version {v.number}</span>
            </Link>
          )}
          <MakeCurrentButton version={v} canEdit={canEdit} isBusy={isMakingCurrent} onClick={onMakeCurrent} />
        </div>
      </td>
    </tr>
  );
}
