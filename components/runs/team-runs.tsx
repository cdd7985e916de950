'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { RelativeTime } from '@/components/masteries/relative-time';
import { runNumber, runProblems, runTotals } from '@/components/editor/run-format';
import { useRerun } from '@/components/editor/run-view/rerun-actions';
import { StatusBadge } from '@/components/editor/run-view/status-badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FormAlert } from '@/components/ui/field';
import { runOnItsVersionHref } from '@/components/versions/version-links';
import type { SelectOption } from '@/components/ui/select';
import { NO_FILTERS, RunFilters, type RunFilterValues } from './run-filters';

type RunItem = RouterOutputs['runs']['list']['items'][number];

const PAGE_SIZE = 25;
/** While a shown run is still going, the list is read again this often, so its row moves on by itself. */
const LIVE_REFRESH_MS = 2_000;
const ACTIVE = new Set(['QUEUED', 'RUNNING', 'WAITING']);

/** Every run of the team, newest first, filtered, a page at a time; rows of running runs update live. */
export function TeamRuns({ masteries, people, canRerun }: { masteries: readonly SelectOption[]; people: readonly SelectOption[]; canRerun: boolean }) {
  const trpc = useTRPC();
  // The new run shows at the top of the list (refetched); its row says which run it re-ran.
  const rerun = useRerun(() => undefined);
  const [filters, setFilters] = useState<RunFilterValues>(NO_FILTERS);
  const query = {
    limit: PAGE_SIZE,
    isTopLevelOnly: filters.isTopLevelOnly,
    ...(filters.status ? { status: filters.status as RunItem['status'] } : {}),
    ...(filters.masteryId ? { masteryId: filters.masteryId } : {}),
    ...(filters.startedById ? { startedById: filters.startedById } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(query, {
      getNextPageParam: (page) => page.nextCursor,
      refetchInterval: (current) => (current.state.data?.pages.some((page) => page.items.some((run) => ACTIVE.has(run.status))) ? LIVE_REFRESH_MS : false),
    }),
  );
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="flex flex-col gap-4">
      <RunFilters values={filters} masteries={masteries} people={people} onChange={setFilters} />
      {runs.error && <FormAlert message={`The runs could not be loaded: ${runs.error.message}`} />}
      {rerun.error && <FormAlert message={`The run was not started again: ${runProblems(rerun.error).join('; ')}`} />}
      {runs.isPending && <p className="text-sm text-zinc-500">Loading runs…</p>}
      {runs.isSuccess && items.length === 0 && <EmptyState title="No runs match" description="Runs appear here once someone starts one; try fewer filters." />}
      {items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-zinc-200 text-sm" aria-label="Team runs">
            <thead className="bg-zinc-50">
              <tr>
                {['Status', 'Mastery', 'Started', 'By', 'Took · tokens · cost', 'Input', ...(canRerun ? ['Actions'] : [])].map((header) => (
                  <th key={header} scope="col" className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {items.map((run) => (
                <RunRow
                  key={run.id}
                  run={run}
                  onRerun={canRerun ? () => rerun.mutate({ runId: run.id, mode: 'SAME_INPUT' }) : null}
                  isRerunning={rerun.isPending && rerun.variables?.runId === run.id}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.hasNextPage && (
        <div>
          <Button size="sm" variant="secondary" isBusy={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}

function RunRow({ run, onRerun, isRerunning }: { run: RunItem; onRerun: (() => void) | null; isRerunning: boolean }) {
  // Opened on the version it ran, so the canvas shows what ran.
  const href = runOnItsVersionHref(run.mastery.id, run);
  return (
    <tr className="align-top" data-run-id={run.id}>
      <td className="px-4 py-2.5">
        <StatusBadge status={run.status} />
      </td>
      <td className="px-4 py-2.5">
        <Link href={href} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline">
          {run.mastery.name}
        </Link>
        <span className="ml-2 text-zinc-500">v{run.version.number}</span>
        {run.parentRunId && <span className="ml-2 text-xs text-zinc-500">child run</span>}
        {run.rerunOfId && (
          <Link href={`/masteries/${run.mastery.id}?run=${run.rerunOfId}`} className="ml-2 text-xs text-zinc-500 hover:text-accent-700 hover:underline">
            {run.rerunMode === 'FROM_FAILED_STEP' ? 're-run from the failed step of ' : 're-run of '}
            <span className="font-mono">{runNumber(run.rerunOfId)}</span>
          </Link>
        )}
      </td>
      <td className="px-4 py-2.5 whitespace-nowrap text-zinc-700">
        <RelativeTime date={run.createdAt} />
      </td>
      <td className="px-4 py-2.5 text-zinc-700">{run.startedBy ? (run.startedBy.name ?? run.startedBy.email) : <span className="text-zinc-500">the system</span>}</td>
      <td className="px-4 py-2.5 whitespace-nowrap text-zinc-700">{runTotals(run)}</td>
      <td className="max-w-xs px-4 py-2.5">
        <code className="line-clamp-2 font-mono text-xs break-all text-zinc-600">{run.inputPreview}</code>
      </td>
      {onRerun && (
        <td className="px-4 py-2.5">
          <Button size="sm" variant="secondary" isBusy={isRerunning} onClick={onRerun} aria-label={`Re-run ${run.mastery.name} ${runNumber(run.id)} with the same input`}>
            Re-run
          </Button>
        </td>
      )}
    </tr>
  );
}
