/**
 * The mastery's versions in a panel over the inspector, newest first: each with its source, status, author,
 * note, decision and runs; open one read-only, compare it with the version on the canvas, make it current
 * (editors), or review it when it is a proposal.
 */
import { useId } from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { RelativeTime } from '@/components/masteries/relative-time';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import type { VersionItem } from '@/components/versions/version-row';
import { percent, personName, SOURCE_LABEL, STATUS_TONE } from '@/components/versions/version-format';
import { compareHref, reviewHref, viewVersionHref } from '@/components/versions/version-links';
import { MakeCurrentButton } from '@/components/versions/make-current-button';

interface Props {
  masteryId: string;
  /** The version the canvas shows. */
  canvasVersion: { id: string; number: number };
  canMakeCurrent: boolean;
  /** After a rollback: the number of the new current version. */
  onMadeCurrent(number: number): void;
  onClose(): void;
}

const LINK = 'text-xs font-medium text-accent-700 hover:underline';

export function VersionsPanel({ masteryId, canvasVersion, canMakeCurrent, onMadeCurrent, onClose }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.versions.list.queryOptions({ masteryId }, { refetchOnMount: 'always' }));
  const headingId = useId();
  const makeCurrent = useMutation(
    trpc.versions.makeCurrent.mutationOptions({
      onSuccess: (created) => {
        onMadeCurrent(created.number);
        void queryClient.invalidateQueries({ queryKey: trpc.versions.list.queryKey({ masteryId }) });
      },
    }),
  );
  return (
    <aside
      aria-label="Versions"
      className="absolute inset-y-0 right-0 z-10 flex w-96 flex-col border-l border-zinc-200 bg-white shadow-lg"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-3 py-2">
        {/* What the panel holds, said once: the list is named by it (the toolbar's button already says "Versions"). */}
        <h2 id={headingId} className="text-sm font-semibold text-zinc-900">Versions of this mastery</h2>
        <span className="flex items-center gap-2">
          <Link href={`/masteries/${masteryId}/versions`} className={LINK}>
            History and activity
          </Link>
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close versions">×</Button>
        </span>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-3">
        {versions.error && <FormAlert message={`The versions could not be loaded: ${versions.error.message}`} />}
        {makeCurrent.error && <FormAlert message={makeCurrent.error.message} />}
        {versions.isPending && <p className="text-sm text-zinc-500">Loading versions…</p>}
        <ul aria-labelledby={headingId} className="flex flex-col gap-2">
          {versions.data?.map((version) => (
            <li key={version.id}>
              <VersionCard
                masteryId={masteryId}
                version={version}
                canvasVersion={canvasVersion}
                canMakeCurrent={canMakeCurrent}
                isMakingCurrent={makeCurrent.isPending && makeCurrent.variables.versionId === version.id}
                onMakeCurrent={() => makeCurrent.mutate({ versionId: version.id })}
              />
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}

interface CardProps {
  masteryId: string;
  version: VersionItem;
  canvasVersion: { id: string; number: number };
  canMakeCurrent: boolean;
  isMakingCurrent: boolean;
  onMakeCurrent(): void;
}

function VersionCard({ masteryId, version: v, canvasVersion, canMakeCurrent, isMakingCurrent, onMakeCurrent }: CardProps) {
  const isOnCanvas = v.id === canvasVersion.id;
  return (
    <article aria-label={`Version ${v.number}`} className={`flex flex-col gap-1 rounded-md border px-3 py-2 text-xs text-zinc-600 ${isOnCanvas ? 'border-accent-500 bg-accent-50' : 'border-zinc-200'}`}>
      <div className="flex flex-wrap items-center gap-1.5 text-sm">
        <span className="font-semibold text-zinc-900">v{v.number}</span>
        {v.isCurrent && <Badge tone="accent">Current</Badge>}
        <Badge tone={STATUS_TONE[v.status] ?? 'neutral'}>{v.status.toLowerCase()}</Badge>
        <span className="text-xs text-zinc-500">{SOURCE_LABEL[v.source] ?? v.source}</span>
        {isOnCanvas && <span className="ml-auto text-xs text-accent-700">on the canvas</span>}
      </div>
      <p>
        {v.source === 'EVOLVER' && v.author === null ? 'the evolver' : personName(v.author)} · <RelativeTime date={v.createdAt} />
      </p>
      {v.note && <p className="break-words text-zinc-800">{v.note}</p>}
      {v.decidedAt && (
        <p>
          {v.status.toLowerCase()} by {personName(v.decidedBy)}, <RelativeTime date={v.decidedAt} />
          {v.decisionNote ? `: ${v.decisionNote}` : ''}
        </p>
      )}
      <p>
        {v.runStats.runs} run{v.runStats.runs === 1 ? '' : 's'} · success {percent(v.runStats.successRate)}
      </p>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <Link href={viewVersionHref(masteryId, v.id)} className={LINK}>
          Open<span className="sr-only"> version {v.number}</span> read-only
        </Link>
        {!isOnCanvas && (
          <Link href={compareHref(masteryId, v, canvasVersion)} className={LINK}>
            Compare<span className="sr-only"> version {v.number}</span> with v{canvasVersion.number}
          </Link>
        )}
        {v.status === 'PROPOSED' && (
          <Link href={reviewHref(masteryId, v.id)} className={LINK}>
            Review<span className="sr-only"> version {v.number}</span>
          </Link>
        )}
        <MakeCurrentButton version={v} canEdit={canMakeCurrent} isBusy={isMakingCurrent} onClick={onMakeCurrent} />
      </div>
    </article>
  );
}
