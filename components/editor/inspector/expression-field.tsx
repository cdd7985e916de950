/**
 * An expression field: the CodeMirror editor (loaded on first use, so the editor page's first load does
 * not carry it), completion of what the node may read, and a live preview against the last run's data.
 */
import dynamic from 'next/dynamic';
import { useEffect, useState, type Ref } from 'react';
import type { FieldControlProps } from '@/components/ui/field';
import type { CodeEditorHandle } from './code-editor';
import { completePath } from './expression-completions';
import { previewOf, type EditorMode, type Preview } from './expression-preview';
import { useCompletionData } from './expression-scope';

const CodeEditor = dynamic(() => import('./code-editor'), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="min-h-16 rounded-md border border-zinc-300 bg-zinc-50" />,
});

const PREVIEW_DELAY_MS = 250;

interface Props {
  control: FieldControlProps;
  label: string;
  value: string;
  mode: EditorMode;
  isReadOnly: boolean;
  /** The node whose field this is; none for the mastery's result mapping (it may read every step). */
  nodeId?: string;
  rows?: number;
  onChange(next: string): void;
  handleRef?: Ref<CodeEditorHandle>;
}

export function ExpressionField({ control, label, value, mode, isReadOnly, nodeId, rows = 3, onChange, handleRef }: Props) {
  const data = useCompletionData(nodeId);
  const complete = (textBefore: string) => completePath(textBefore, data, mode !== 'expression');
  return (
    <>
      <CodeEditor control={control} label={label} value={value} mode={mode} isReadOnly={isReadOnly} rows={rows} complete={complete} onChange={onChange} handleRef={handleRef} />
      <ExpressionPreview value={value} mode={mode} scope={data.sample} />
    </>
  );
}

function ExpressionPreview({ value, mode, scope }: { value: string; mode: EditorMode; scope: ReturnType<typeof useCompletionData>['sample'] }) {
  const [preview, setPreview] = useState<Preview>({ kind: 'none' });
  useEffect(() => {
    if (scope === null) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void previewOf(value, mode, scope).then((next) => {
        if (isCurrent) setPreview(next);
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [value, mode, scope]);
  const body =
    scope === null ? (
      <p className="text-zinc-600">No run data yet: run the mastery to preview this value.</p>
    ) : preview.kind === 'error' ? (
      <p className="text-danger-700">{preview.message}</p>
    ) : preview.kind === 'value' ? (
      <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-all text-zinc-800">{preview.text}</pre>
    ) : null;
  if (body === null) return null;
  // Polite live text without a role or name: a status role would join the form's own status messages, and
  // a name holding the field's label would be a second match for the field.
  return (
    <div aria-live="polite" data-testid="expression-preview" className="rounded bg-zinc-50 px-2 py-1 font-mono text-xs">
      <p className="font-sans text-[11px] font-medium text-zinc-600">{scope === null ? 'Preview' : "Preview with the last run's data"}</p>
      {body}
    </div>
  );
}
