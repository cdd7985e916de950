/**
 * Starting a run again from the run panel: with the same input, or from the failed step (the steps that
 * succeeded are reused). From the failed step runs the version on the canvas, so that the usual fix —
 * edit the failing node, save, re-run from the failed step — runs the fix; unsaved changes are saved first.
 * And the links between a run and the runs it was re-run as, both ways.
 */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { RotateCcw, StepForward } from 'lucide-react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';
import { useEditorStore } from '../state/editor-context';
import { runNumber, runProblems, TERMINAL_RUN_STATUSES } from '../run-format';
import type { VersionInfo } from '../shell/use-version-session';
import type { ShownRun } from './run-overlay';

const FROM_STEP_STATUSES = new Set(['FAILED', 'CANCELLED']);

/** The canvas's version and its save, when the run is of the mastery open in the editor. */
export interface CanvasVersion {
  version: VersionInfo;
  save(note: string): Promise<VersionInfo | null>;
}

export function useRerun(onStarted: (runId: string) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
        onStarted(run.id);
      },
    }),
  );
}

interface Props {
  run: ShownRun;
  canvas: CanvasVersion | null;
  onStarted(runId: string): void;
}

export function RerunButtons({ run, canvas, onStarted }: Props) {
  const isDirty = useEditorStore((s) => s.isDirty);
  const rerun = useRerun(onStarted);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  if (!TERMINAL_RUN_STATUSES.has(run.status)) return null;

  const canRunCanvas = canvas !== null;
  const fromStep = async () => {
    setSaveProblem(null);
    let versionId = canvas?.version.id ?? run.version.id;
    if (canvas !== null && isDirty) {
      setIsSaving(true);
      const saved = await canvas.save('Saved to re-run from the failed step');
      setIsSaving(false);
      if (saved === null) return setSaveProblem('Your changes could not be saved, so nothing was re-run. Save them from the toolbar to see why.');
      versionId = saved.id;
    }
    rerun.mutate({ runId: run.id, mode: 'FROM_FAILED_STEP', ...(versionId === run.version.id ? {} : { versionId }) });
  };
  const target = canRunCanvas && (isDirty || canvas.version.id !== run.version.id) ? (isDirty ? ' (saves the canvas)' : ` on v${canvas.version.number}`) : '';
  return (
    <>
      <Button size="sm" variant="secondary" isBusy={rerun.isPending && rerun.variables?.mode === 'SAME_INPUT'} onClick={() => rerun.mutate({ runId: run.id, mode: 'SAME_INPUT' })}>
        <RotateCcw aria-hidden="true" className="size-3.5" />
        Re-run with same input
      </Button>
      {FROM_STEP_STATUSES.has(run.status) && (
        <Button size="sm" isBusy={isSaving || (rerun.isPending && rerun.variables?.mode === 'FROM_FAILED_STEP')} onClick={() => void fromStep()}>
          <StepForward aria-hidden="true" className="size-3.5" />
          Re-run from failed step{target}
        </Button>
      )}
      {(rerun.error || saveProblem) && (
        <div className="basis-full">
          <FormAlert message={saveProblem ?? `The run was not started again: ${runProblems(rerun.error).join('; ')}`} />
        </div>
      )}
    </>
  );
}

/**
 * "Re-run of #…" and the runs this one was re-run as, each opening that run in this panel (in place: a
 * navigation would render the editor again and could drop unsaved edits).
 */
export function RerunLinks({ run, onOpen }: { run: ShownRun; onOpen(runId: string): void }) {
  if (run.rerunOfId === null && run.reruns.length === 0) return null;
  const open = (id: string) => (
    <button type="button" className="font-mono font-medium text-accent-700 hover:underline" onClick={() => onOpen(id)}>
      {runNumber(id)}
    </button>
  );
  return (
    <p className="flex flex-wrap gap-x-4 text-xs text-zinc-600">
      {run.rerunOfId !== null && (
        <span>
          {run.rerunMode === 'FROM_FAILED_STEP' ? 'Re-run from the failed step of ' : 'Re-run of '}
          {open(run.rerunOfId)}
        </span>
      )}
      {run.reruns.length > 0 && (
        <span>
          Re-run as{' '}
          {run.reruns.map((rerun, index) => (
            <span key={rerun.id}>
              {index > 0 && ', '}
              {open(rerun.id)}
            </span>
          ))}
        </span>
      )}
    </p>
  );
}
