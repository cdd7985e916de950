import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useTRPC } from '@/components/trpc/client';
import { useEditorStore, useEditorStoreApi } from '../state/editor-context';
import { defaultInput, parseRunInput, prettyJson, runProblems } from '../run-format';
import type { VersionInfo } from '../shell/use-version-session';

interface Props {
  isOpen: boolean;
  mastery: { id: string; name: string };
  /** The version on the canvas: what a run runs. */
  version: VersionInfo;
  /** Saves the canvas as a new draft (the run then runs it); null when the save was refused. */
  onSave(note: string): Promise<VersionInfo | null>;
  onStarted(runId: string): void;
  onClose(): void;
}

/** Starts a run of the version on the canvas with a JSON input prefilled from the input schema. */
export function RunDialog({ isOpen, mastery, ...form }: Props) {
  return (
    <Dialog isOpen={isOpen} title={`Run ${mastery.name}`} onClose={form.onClose}>
      <RunForm masteryId={mastery.id} {...form} />
    </Dialog>
  );
}

/** Mounted each time the dialog opens, so the input is prefilled from the settings as they are then. */
function RunForm({ masteryId, version, onSave, onStarted, onClose }: Omit<Props, 'isOpen' | 'mastery'> & { masteryId: string }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const isDirty = useEditorStore((s) => s.isDirty);
  const [text, setText] = useState(() => prettyJson(defaultInput(store.getState().settings.inputSchema)));
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
        onStarted(run.id);
      },
    }),
  );

  const run = async (withChanges: boolean) => {
    const parsed = parseRunInput(text);
    setInputProblem('problem' in parsed ? parsed.problem : null);
    if (!('input' in parsed)) return;
    let versionId = version.id;
    if (withChanges) {
      setIsSaving(true);
      setSaveProblem(null);
      const saved = await onSave('Saved to run');
      setIsSaving(false);
      if (saved === null) {
        setSaveProblem('Your changes could not be saved, so the run did not start. Save them from the toolbar to see why.');
        return;
      }
      versionId = saved.id;
    }
    start.mutate({ masteryId, versionId, input: parsed.input });
  };
  const problems = start.error ? runProblems(start.error) : [];
  // The server's message says the budget must be raised; this says where.
  const isOverBudget = start.error?.data?.appCode === 'BUDGET_EXCEEDED';

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run(isDirty);
      }}
    >
      <p className="text-sm text-zinc-600">
        {isDirty ? (
          <>
            The canvas has unsaved changes. <strong className="font-medium text-zinc-900">Save and run</strong> saves them as a new draft and runs it;
            or run v{version.number} as it was saved.
          </>
        ) : (
          <>
            Runs {version.status === 'DRAFT' ? 'draft ' : ''}v{version.number}, the version on the canvas.
          </>
        )}
      </p>
      <Field label="Input" hint="A JSON object; its fields are checked against the mastery's input schema." error={inputProblem}>
        {(control) => <Textarea {...control} rows={8} spellCheck={false} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {problems.length > 0 && (
        <div role="alert" className="rounded-md border border-danger-600/30 bg-danger-50 px-3 py-2 text-sm text-danger-700">
          <p className="font-medium">The run did not start:</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          {isOverBudget && (
            <p className="mt-1">
              Budgets are in <Link href="/settings/team" className="font-medium underline">Team settings</Link>.
            </p>
          )}
        </div>
      )}
      {saveProblem && (
        <p role="alert" className="rounded-md border border-danger-600/30 bg-danger-50 px-3 py-2 text-sm text-danger-700">
          {saveProblem}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>Cancel</Button>
        {isDirty && (
          <Button variant="secondary" onClick={() => void run(false)} isBusy={start.isPending && !isSaving}>
            Run v{version.number} as saved
          </Button>
        )}
        <Button type="submit" isBusy={isSaving || start.isPending}>{isDirty ? 'Save and run' : 'Start run'}</Button>
      </div>
    </form>
  );
}
