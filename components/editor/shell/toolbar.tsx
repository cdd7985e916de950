import { useCallback, useId, type ChangeEvent, type ReactNode } from 'react';
import Link from 'next/link';
import { ChevronLeft, Command, Download, GitBranch, History, Keyboard, LayoutGrid, MoreHorizontal, Play, Redo2, Save, Settings, Undo2, Upload } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Menu, type MenuItem } from '@/components/ui/menu';
import { Tooltip } from '@/components/ui/tooltip';
import { useEditorStore, useIsReadOnly } from '../state/editor-context';
import type { VersionInfo } from './use-version-session';

export interface ToolbarActions {
  onLayout(): void;
  onExport(): void;
  onImport(text: string): void;
  onHelp(): void;
  onCommands(): void;
  onSettings(): void;
  onSave(): void;
  onPublish(): void;
  onRun(): void;
  onRuns(): void;
  onVersions(): void;
}

interface Props extends ToolbarActions {
  masteryName: string;
  isArchived: boolean;
  version: VersionInfo;
  currentNumber: number | null;
  isPublishing: boolean;
  isRunsOpen: boolean;
  isVersionsOpen: boolean;
}

/**
 * One line that never wraps: where you are and what is open on the left, the frequent actions on the right,
 * and the rest in a "More actions" menu. The name gives way (truncated) before the version badge or any
 * button does.
 */
export function Toolbar(props: Props) {
  const { masteryName, isArchived, version, currentNumber, isPublishing, isRunsOpen, isVersionsOpen, onPublish, onSave, onRun, onRuns, onVersions } = props;
  const isReadOnly = useIsReadOnly();
  const { canUndo, canRedo, isDirty, undo, redo } = useEditorStore(
    useShallow((s) => ({ canUndo: s.past.length > 0, canRedo: s.future.length > 0, isDirty: s.isDirty, undo: s.undo, redo: s.redo })),
  );
  const fileInputId = useId();
  // By id: the menu's items are built during render, where reading a ref is not allowed.
  const chooseFile = useCallback(() => document.getElementById(fileInputId)?.click(), [fileInputId]);
  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) props.onImport(await file.text());
  };
  return (
    <div role="toolbar" aria-label="Editor" className="flex h-11 shrink-0 flex-nowrap items-center gap-2 overflow-hidden border-b border-zinc-200 bg-white px-2">
      <Tooltip content="All masteries">
        <Link href="/masteries" aria-label="All masteries" className="flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100">
          <ChevronLeft aria-hidden="true" className="size-4" />
        </Link>
      </Tooltip>
      <h1 className="min-w-0 shrink truncate text-sm font-semibold text-zinc-900" title={masteryName}>{masteryName}</h1>
      <span className="flex shrink-0 items-center gap-2 whitespace-nowrap">
        <Badge tone={version.status === 'DRAFT' ? 'warning' : 'accent'}>{versionLabel(version, currentNumber)}</Badge>
        {isArchived && <Badge>Archived</Badge>}
        {isReadOnly ? <Badge>Read only</Badge> : isDirty && <span className="text-xs text-warning-700">Unsaved changes</span>}
      </span>
      <span className="flex-1" />
      {!isReadOnly && (
        <>
          <IconButton label="Undo" shortcut="Ctrl+Z" onClick={undo} disabled={!canUndo}><Undo2 aria-hidden="true" className="size-4" /></IconButton>
          <IconButton label="Redo" shortcut="Ctrl+Shift+Z" onClick={redo} disabled={!canRedo}><Redo2 aria-hidden="true" className="size-4" /></IconButton>
        </>
      )}
      <Button size="sm" variant="ghost" onClick={onRuns} aria-pressed={isRunsOpen} className={isRunsOpen ? 'bg-zinc-100' : undefined}>
        <History aria-hidden="true" className="size-4" />
        Runs
      </Button>
      <Button size="sm" variant="ghost" onClick={onVersions} aria-pressed={isVersionsOpen} className={isVersionsOpen ? 'bg-zinc-100' : undefined}>
        <GitBranch aria-hidden="true" className="size-4" />
        Versions
      </Button>
      <Menu
        label="More actions"
        items={moreItems(props, isReadOnly, chooseFile)}
        trigger={
          <Button size="sm" variant="ghost" className="px-2">
            <MoreHorizontal aria-hidden="true" className="size-4" />
          </Button>
        }
      />
      <input id={fileInputId} type="file" accept="application/json,.json" aria-label="Import file" className="hidden" onChange={readFile} />
      {!isReadOnly && (
        <>
          <Button size="sm" variant="secondary" onClick={onPublish} isBusy={isPublishing} disabled={isDirty || version.status !== 'DRAFT'}>Publish</Button>
          <Button size="sm" variant="secondary" onClick={onSave}>
            <Save aria-hidden="true" className="size-4" />
            Save
          </Button>
          <Button size="sm" onClick={onRun}>
            <Play aria-hidden="true" className="size-4" />
            Run
          </Button>
        </>
      )}
    </div>
  );
}

function moreItems(actions: ToolbarActions, isReadOnly: boolean, chooseFile: () => void): Array<MenuItem | 'separator'> {
  const editing: Array<MenuItem | 'separator'> = isReadOnly
    ? []
    : [
        { label: 'Auto-layout', icon: <LayoutGrid className="size-4" />, onSelect: actions.onLayout },
        { label: 'Import JSON', icon: <Upload className="size-4" />, onSelect: chooseFile },
      ];
  return [
    ...editing,
    { label: 'Export JSON', icon: <Download className="size-4" />, onSelect: actions.onExport },
    'separator',
    { label: 'Settings', icon: <Settings className="size-4" />, onSelect: actions.onSettings },
    { label: 'Commands', icon: <Command className="size-4" />, shortcut: 'Ctrl+K', onSelect: actions.onCommands },
    { label: 'Keyboard shortcuts', icon: <Keyboard className="size-4" />, shortcut: '?', onSelect: actions.onHelp },
  ];
}

function IconButton({ label, shortcut, onClick, disabled, children }: { label: string; shortcut: string; onClick(): void; disabled: boolean; children: ReactNode }) {
  return (
    <Tooltip content={`${label} (${shortcut})`}>
      <Button size="sm" variant="ghost" aria-label={label} onClick={onClick} disabled={disabled} className="px-2">
        {children}
      </Button>
    </Tooltip>
  );
}

/** How the open version relates to the current one: `Draft v4 · current is v3`, `v3 · current`. */
export function versionLabel(version: VersionInfo, currentNumber: number | null): string {
  if (version.number === currentNumber) return `v${version.number} · current`;
  const status = version.status === 'DRAFT' ? 'Draft' : version.status.charAt(0) + version.status.slice(1).toLowerCase();
  const name = version.status === 'DRAFT' ? `Draft v${version.number}` : `v${version.number} (${status.toLowerCase()})`;
  return currentNumber === null ? `${name} · nothing published yet` : `${name} · current is v${currentNumber}`;
}
