import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useShallow } from 'zustand/react/shallow';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import { prettyJson, runProblems, runTotals, TERMINAL_RUN_STATUSES } from '../run-format';
import { useSetRunOverlay } from './run-overlay';
import { RunSteps, StatusBadge } from './run-steps';
import { useRunWatch, type WatchConnection } from './use-run-watch';

export const shortRunId = (id: string) => id.slice(-8);

/**
 * A run just started from the editor or opened from the runs list: its steps, output and a cancel button,
 * followed live until it ends.
 */
export function RunPanel({ runId, masteryId, onClose }: { runId: string; masteryId: string; onClose(): void }) {
  const trpc = useTRPC();
  const isReadOnly = useIsReadOnly();
  const setOverlay = useSetRunOverlay();
  const nodeOrder = useEditorStore(useShallow((s) => s.nodes.map((node) => node.id)));
  const nodeNames = useEditorStore(useShallow((s) => s.nodes.map((node) => node.data.name)));
  const { query, connection, liveText } = useRunWatch(runId);
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSettled: () => void query.refetch() }));
  const run = query.data;

  useEffect(() => {
    setOverlay(run ? run.steps : null);
  }, [run, setOverlay]);
  useEffect(() => () => setOverlay(null), [setOverlay]);
  useRefreshRunsOnChange(run?.status);

  const label = `Run ${shortRunId(runId)}`;
  const isActive = run !== undefined && !TERMINAL_RUN_STATUSES.has(run.status);
  return (
    <section aria-label={label} className="flex max-h-[45%] min-h-0 flex-col border-t border-zinc-200 bg-zinc-50">
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-zinc-200 bg-white px-3 py-2">
        <h2 className="text-sm font-semibold text-zinc-900">{label}</h2>
        <span className="flex items-center gap-1.5">
          {run && <StatusBadge status={run.status} />}
          <ConnectionIndicator connection={connection} />
        </span>
        {/* Fills the row and gives way first (truncated, never wrapped), so the buttons stay on the title's line. */}
        <span className="min-w-0 flex-1 truncate text-xs text-zinc-500">
          {run && `v${run.version.number} · ${runTotals(run)}`}
        </span>
        {isActive && !isReadOnly && (
          <Button size="sm" variant="secondary" isBusy={cancel.isPending} onClick={() => cancel.mutate({ id: runId })}>
            Cancel run
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close run panel">×</Button>
      </header>
      <div className="flex min-h-0 flex-col gap-3 overflow-auto p-3">
        {query.error && <FormAlert message={`The run could not be loaded: ${query.error.message}`} />}
        {cancel.error && <FormAlert message={`The run was not cancelled: ${runProblems(cancel.error).join('; ')}`} />}
        {!run ? (
          !query.error && <p className="text-sm text-zinc-500">Loading the run…</p>
        ) : (
          <>
            {/* A ?run= link can name a run of another of the team's masteries: its steps are not this canvas's. */}
            {run.mastery.id !== masteryId && (
              <p role="note" className="text-sm text-zinc-700">
                This run belongs to{' '}
                <Link className="text-accent-700 hover:underline" href={`/masteries/${run.mastery.id}?run=${run.id}`}>
                  {run.mastery.name}
                </Link>
                , not to the mastery open here.
              </p>
            )}
            {(run.error ?? run.output) !== null && (
              <div>
                <p className={`text-xs font-medium ${run.error ? 'text-danger-700' : 'text-zinc-600'}`}>{run.error ? 'Run error' : 'Run output'}</p>
                <pre className="mt-1 max-h-40 overflow-auto rounded border border-zinc-200 bg-white p-2 text-xs text-zinc-800">{prettyJson(run.error ?? run.output)}</pre>
              </div>
            )}
            <RunSteps run={run} liveText={liveText} nodeOrder={nodeOrder.map((id, index) => ({ id, name: nodeNames[index] ?? id }))} />
          </>
        )}
      </div>
    </section>
  );
}

/** The runs list shows what this panel shows: when the run moves on (it ends, say), the list is fetched again. */
function useRefreshRunsOnChange(status: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const seen = useRef(status);
  useEffect(() => {
    // Not on the first status seen: opening a past run changes nothing in the list.
    if (seen.current !== undefined && status !== seen.current) void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
    seen.current = status;
  }, [status, queryClient, trpc]);
}

function ConnectionIndicator({ connection }: { connection: WatchConnection }) {
  // Always rendered, so that screen readers hear the change from "Live" to "Reconnecting…" and back.
  return (
    <span role="status" className="text-xs font-medium text-zinc-500">
      {connection === 'live' && (
        <span className="inline-flex items-center gap-1 text-success-700">
          <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-success-700" />
          Live
        </span>
      )}
      {connection === 'reconnecting' && <span className="text-warning-700">Reconnecting…</span>}
    </span>
  );
}
