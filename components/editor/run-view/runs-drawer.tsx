import { useId } from 'react';
import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { RelativeTime } from '@/components/masteries/relative-time';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FormAlert } from '@/components/ui/field';
import { runOnItsVersionHref } from '@/components/versions/version-links';
import { runTotals } from '../run-format';
import { shortRunId } from './run-panel';
import { StatusBadge } from './status-badge';

type RunItem = RouterOutputs['runs']['list']['items'][number];

interface Props {
  masteryId: string;
  /** The version on the canvas: a run of another version opens on its own version instead. */
  canvasVersionId: string;
  /** The run in the run panel, marked in the list. */
  openRunId: string | null;
  /** Shows a run of the canvas's version in the run panel. */
  onOpenRun(runId: string): void;
  onClose(): void;
}

/**
 * The mastery's runs, newest first, a page at a time, in a column beside the inspector. Fetched again each
 * time it opens (and when a run starts or the open run ends), so it never shows a stale status for long.
 * A run of another version than the canvas's is a link to that version with the run open: a navigation,
 * which the unsaved-changes guard sees, so edits are never dropped without a word.
 */
export function RunsDrawer({ masteryId, canvasVersionId, openRunId, onOpenRun, onClose }: Props) {
  const runs = useRunPages(masteryId);
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const headingId = useId();

  return (
    <aside
      aria-label="Runs"
      className="flex w-80 shrink-0 flex-col border-l border-zinc-200 bg-white"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <header className="flex items-center justify-between border-b border-zinc-200 px-3 py-2">
        {/* What the drawer holds, said once: the list is named by it (the toolbar's button already says "Runs"). */}
        <h2 id={headingId} className="text-sm font-semibold text-zinc-900">Runs of this mastery</h2>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close runs">×</Button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-3">
        {runs.error && <FormAlert message={`The runs could not be loaded: ${runs.error.message}`} />}
        {runs.isPending && <p className="text-sm text-zinc-500">Loading runs…</p>}
        {runs.isSuccess && items.length === 0 && <EmptyState headingLevel="h3" title="No runs yet" description="Each run appears here once it is started." />}
        {items.length > 0 && (
          <ul aria-labelledby={headingId} className="flex flex-col gap-1">
            {items.map((run) => (
              <li key={run.id}>
                {run.version.id === canvasVersionId ? (
                  <RunRow run={run} isOpen={run.id === openRunId} onOpen={() => onOpenRun(run.id)} />
                ) : (
                  <RunLink run={run} isOpen={run.id === openRunId} href={runOnItsVersionHref(masteryId, run)} />
                )}
              </li>
            ))}
          </ul>
        )}
        {runs.hasNextPage && (
          <Button size="sm" variant="secondary" isBusy={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
            Load more
          </Button>
        )}
      </div>
    </aside>
  );
}

/** `runs.list` a page at a time, fetched again whenever the drawer opens. */
function useRunPages(masteryId: string) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions({ masteryId }, { getNextPageParam: (page) => page.nextCursor, refetchOnMount: 'always' }),
  );
}

const rowLook = (isOpen: boolean) => `flex w-full flex-col gap-1 rounded-md border px-3 py-2 text-left ${isOpen ? 'border-accent-500 bg-accent-50' : 'border-zinc-200 hover:bg-zinc-50'}`;

function RunRow({ run, isOpen, onOpen }: { run: RunItem; isOpen: boolean; onOpen(): void }) {
  return (
    <button type="button" aria-current={isOpen || undefined} onClick={onOpen} className={rowLook(isOpen)}>
      <RunSummary run={run} version={`v${run.version.number}`} />
    </button>
  );
}

/** A run of a version not on the canvas: opening it opens that version. */
function RunLink({ run, isOpen, href }: { run: RunItem; isOpen: boolean; href: string }) {
  return (
    <Link href={href} aria-current={isOpen || undefined} className={rowLook(isOpen)}>
      <RunSummary run={run} version={`opens v${run.version.number}`} />
    </Link>
  );
}

function RunSummary({ run, version }: { run: RunItem; version: string }) {
  return (
    <>
      <span className="flex items-center gap-2 text-sm">
        <span className="font-mono font-medium text-zinc-900">{shortRunId(run.id)}</span>
        <StatusBadge status={run.status} />
        <span className="ml-auto text-xs text-zinc-500">{version}</span>
      </span>
      <span className="text-xs text-zinc-500">
        {run.startedAt ? <>Started <RelativeTime date={run.startedAt} /></> : <>Queued <RelativeTime date={run.createdAt} /></>}
      </span>
      <span className="text-xs text-zinc-500">{runTotals(run)}</span>
    </>
  );
}
