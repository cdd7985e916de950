import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { BudgetRunAlerts } from '@/components/teams/budget-run-alerts';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import { runProblems, TERMINAL_RUN_STATUSES } from '../run-format';
import { ErrorView } from './error-view';
import { OtherVersionNote } from './other-version-note';
import { RunFacts } from './run-header';
import { RerunButtons, RerunLinks, type CanvasVersion } from './rerun-actions';
import { useSetShownRun } from './run-overlay';
import { RunSteps } from './run-steps';
import { ProposeFixButton, RunProposals } from './propose-fix';
import { StatusBadge } from './status-badge';
import { StepValue } from './step-value';
import { useRunWatch, type WatchConnection } from './use-run-watch';

export const shortRunId = (id: string) => id.slice(-8);

interface Props {
  runId: string;
  masteryId: string;
  /** The version on the canvas: what a re-run from the failed step runs. */
  canvas: CanvasVersion;
  /** Selects a step's node: the inspector then shows its data. */
  onSelectNode(nodeId: string): void;
  /** Shows another run in the panel (a re-run, the run it re-ran). */
  onOpenRun(runId: string): void;
  onClose(): void;
}

/**
 * A run just started from the editor or opened from the runs list: its facts, output, steps on a timeline
 * and a cancel button, followed live until it ends.
 */
export function RunPanel({ runId, masteryId, canvas, onSelectNode, onOpenRun, onClose }: Props) {
  const trpc = useTRPC();
  const isReadOnly = useIsReadOnly();
  const setShownRun = useSetShownRun();
  const names = useNodeNames();
  const selectedNodeId = useEditorStore((s) => s.nodes.find((node) => node.selected)?.id ?? null);
  const { query, connection, liveText } = useRunWatch(runId);
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSettled: () => void query.refetch() }));
  const run = query.data;

  useEffect(() => {
    setShownRun(run ? { run, liveText } : null);
  }, [run, liveText, setShownRun]);
  useEffect(() => () => setShownRun(null), [setShownRun]);
  useRefreshRunsOnChange(run?.status);

  const label = `Run ${shortRunId(runId)}`;
  const isActive = run !== undefined && !TERMINAL_RUN_STATUSES.has(run.status);
  return (
    <section aria-label={label} className="flex h-full min-h-0 flex-col bg-zinc-50">
      <header className="flex items-center gap-3 border-b border-zinc-200 bg-white px-3 py-1.5">
        <h2 className="text-sm font-semibold whitespace-nowrap text-zinc-900">{label}</h2>
        <span className="flex items-center gap-1.5">
          {run && <StatusBadge status={run.status} />}
          <ConnectionIndicator connection={connection} />
        </span>
        {run ? <RunFacts run={run} /> : <span className="flex-1" />}
        {isActive && !isReadOnly && (
          <Button size="sm" variant="secondary" isBusy={cancel.isPending} onClick={() => cancel.mutate({ id: runId })}>
            Cancel run
          </Button>
        )}
        {run?.status === 'FAILED' && !isReadOnly && run.mastery.id === masteryId && <ProposeFixButton runId={run.id} masteryId={masteryId} />}
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close run panel" className="px-2">
          <X aria-hidden="true" className="size-4" />
        </Button>
      </header>
      <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-auto p-3">
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
            {run.mastery.id === masteryId && run.version.id !== canvas.version.id && <OtherVersionNote run={run} canvasNumber={canvas.version.number} />}
            {/* Below the header, which is full: starting the run again, and the runs it is linked to by re-runs. */}
            <div className="flex flex-wrap items-center gap-2">
              {!isReadOnly && <RerunButtons run={run} canvas={run.mastery.id === masteryId ? canvas : null} onStarted={onOpenRun} />}
              <RerunLinks run={run} onOpen={onOpenRun} />
            </div>
            {run.status === 'FAILED' && run.mastery.id === masteryId && <RunProposals runId={run.id} masteryId={masteryId} />}
            {run.error !== null && (
              <div className="flex flex-col gap-1">
                <p className="text-xs font-medium text-danger-700">Run error</p>
                <ErrorView error={run.error} label="Run error" names={names} />
              </div>
            )}
            {run.error === null && run.output !== null && (
              <div className="flex flex-col gap-1">
                <p className="text-xs font-medium text-zinc-600">Run output</p>
                <StepValue value={run.output} label="Run output" isModelText={false} />
              </div>
            )}
            <BudgetRunAlerts runId={run.id} changedWhen={`${run.status}:${run.tokensIn + run.tokensOut}`} nameOf={(nodeId) => names.get(nodeId) ?? nodeId} />
            <RunSteps run={run} names={names} liveText={liveText} selectedNodeId={selectedNodeId} onSelect={onSelectNode} />
          </>
        )}
      </div>
    </section>
  );
}

function useNodeNames(): ReadonlyMap<string, string> {
  const ids = useEditorStore(useShallow((s) => s.nodes.map((node) => node.id)));
  const names = useEditorStore(useShallow((s) => s.nodes.map((node) => node.data.name)));
  return new Map(ids.map((id, index) => [id, names[index] ?? id]));
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
