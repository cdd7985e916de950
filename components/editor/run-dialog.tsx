import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useTRPC } from '@/components/trpc/client';
import { useEditorStore, useEditorStoreApi } from './editor-context';
import { defaultInput, parseRunInput, prettyJson, runProblems } from './run-format';

interface Props {
  isOpen: boolean;
  mastery: { id: string; name: string };
  onStarted(runId: string): void;
  onClose(): void;
}

/** Starts a run of the mastery's current (saved) version with a JSON input prefilled from the input schema. */
export function RunDialog({ isOpen, mastery, onStarted, onClose }: Props) {
  return (
    <Dialog isOpen={isOpen} title={`Run ${mastery.name}`} onClose={onClose}>
      <RunForm masteryId={mastery.id} onStarted={onStarted} onClose={onClose} />
    </Dialog>
  );
}

/** Mounted each time the dialog opens, so the input is prefilled from the settings as they are then. */
function RunForm({ masteryId, onStarted, onClose }: Omit<Props, 'isOpen' | 'mastery'> & { masteryId: string }) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const isDirty = useEditorStore((s) => s.isDirty);
  const [text, setText] = useState(() => prettyJson(defaultInput(store.getState().settings.inputSchema)));
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries(trpc.runs.list.pathFilter());
        onStarted(run.id);
      },
    }),
  );
  const problems = start.error ? runProblems(start.error) : [];
  // The server's message says the budget must be raised; this says where.
  const isOverBudget = start.error?.data?.appCode === 'BUDGET_EXCEEDED';

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseRunInput(text);
        setInputProblem('problem' in parsed ? parsed.problem : null);
        if ('input' in parsed) start.mutate({ masteryId, input: parsed.input });
      }}
    >
      <p className="text-sm text-zinc-600">
        Runs the mastery&apos;s current saved version.
        {isDirty && <strong className="font-medium text-warning-700"> Your unsaved changes are not part of this run; save and publish them first to run them.</strong>}
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
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>Cancel</Button>
        <Button type="submit" isBusy={start.isPending}>Start run</Button>
      </div>
    </form>
  );
}
