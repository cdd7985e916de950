import { useRef, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import type { VersionInfo } from './use-version-session';

export interface ToolbarActions {
  onLayout(): void;
  onExport(): void;
  onImport(text: string): void;
  onHelp(): void;
  onSettings(): void;
  onSave(): void;
  onPublish(): void;
  onRun(): void;
  onRuns(): void;
}

interface Props extends ToolbarActions {
  version: VersionInfo;
  currentNumber: number | null;
  isPublishing: boolean;
  isRunsOpen: boolean;
}

export function Toolbar({ version, currentNumber, isPublishing, isRunsOpen, onLayout, onExport, onImport, onHelp, onSettings, onSave, onPublish, onRun, onRuns }: Props) {
  const isReadOnly = useIsReadOnly();
  const { canUndo, canRedo, isDirty, undo, redo, notice } = useEditorStore(
    useShallow((s) => ({ canUndo: s.past.length > 0, canRedo: s.future.length > 0, isDirty: s.isDirty, undo: s.undo, redo: s.redo, notice: s.notice })),
  );
  const fileRef = useRef<HTMLInputElement>(null);
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) onImport(await file.text());
  };
  return (
    <div role="toolbar" aria-label="Editor" className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-white px-3 py-2">
      <Badge tone={version.status === 'DRAFT' ? 'warning' : 'accent'}>{versionLabel(version, currentNumber)}</Badge>
      {isReadOnly ? <Badge>Read only</Badge> : isDirty && <span className="text-xs text-warning-700">Unsaved changes</span>}
      <p role="status" className="min-w-0 flex-1 truncate text-xs text-danger-700">{notice}</p>
      {!isReadOnly && (
        <>
          <Button size="sm" variant="ghost" onClick={undo} disabled={!canUndo}>Undo</Button>
          <Button size="sm" variant="ghost" onClick={redo} disabled={!canRedo}>Redo</Button>
          <Button size="sm" variant="ghost" onClick={onLayout}>Auto-layout</Button>
          <Button size="sm" variant="ghost" onClick={() => fileRef.current?.click()}>Import JSON</Button>
          <input ref={fileRef} type="file" accept="application/json,.json" aria-label="Import file" className="hidden" onChange={readFile} />
        </>
      )}
      <Button size="sm" variant="ghost" onClick={onExport}>Export JSON</Button>
      <Button size="sm" variant="ghost" onClick={onRuns} aria-expanded={isRunsOpen} className={isRunsOpen ? 'bg-zinc-100' : undefined}>Runs</Button>
      <Button size="sm" variant="ghost" onClick={onSettings}>Settings</Button>
      <Button size="sm" variant="ghost" onClick={onHelp} aria-label="Keyboard shortcuts">?</Button>
      {!isReadOnly && (
        <>
          <Button size="sm" variant="secondary" onClick={onPublish} isBusy={isPublishing} disabled={isDirty || version.status !== 'DRAFT'}>Publish</Button>
          <Button size="sm" onClick={onSave}>Save</Button>
          <Button size="sm" variant="secondary" onClick={onRun}>Run</Button>
        </>
      )}
    </div>
  );
}

/** How the open version relates to the current one: `Draft v4 · current is v3`, `v3 · current`. */
export function versionLabel(version: VersionInfo, currentNumber: number | null): string {
  if (version.number === currentNumber) return `v${version.number} · current`;
  const status = version.status === 'DRAFT' ? 'Draft' : version.status.charAt(0) + version.status.slice(1).toLowerCase();
  const name = version.status === 'DRAFT' ? `Draft v${version.number}` : `v${version.number} (${status.toLowerCase()})`;
  return currentNumber === null ? `${name} · nothing published yet` : `${name} · current is v${currentNumber}`;
}
