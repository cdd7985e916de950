import { useCallback, useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Canvas } from '../canvas/canvas';
import { useCatalog } from '../state/catalog-context';
import { CommandPalette, type Command } from './command-palette';
import { ConflictDialog } from './conflict-dialog';
import { useEditorStoreApi, useIsReadOnly } from '../state/editor-context';
import { autoLayout, exportGraph, graphJson } from './file-io';
import { ImportProblemsDialog } from './import-problems-dialog';
import { Inspector } from '../inspector/inspector';
import type { MasteryDetails } from './mastery-details-form';
import { Palette } from '../palette/palette';
import { RunDialog } from '../run-view/run-dialog';
import { RunPanel } from '../run-view/run-panel';
import { RunsDrawer } from '../run-view/runs-drawer';
import { SaveDialog } from './save-dialog';
import { SettingsDialog } from './settings-dialog';
import { ShortcutsDialog } from './shortcuts-dialog';
import { Toolbar } from './toolbar';
import { useRunParam } from '../run-view/use-run-param';
import { useLiveValidation } from './use-validation';
import { useShortcuts } from './use-shortcuts';
import { useUnsavedGuard } from './use-unsaved-guard';
import { useVersionSession, type VersionInfo } from './use-version-session';
import { ValidationPanel } from './validation-panel';

type OpenDialog = 'save' | 'help' | 'commands' | 'settings' | 'run' | null;

interface Props {
  mastery: MasteryDetails;
  initialVersion: VersionInfo;
  initialCurrentNumber: number | null;
}

export function EditorBody({ mastery, initialVersion, initialCurrentNumber }: Props) {
  const store = useEditorStoreApi();
  const isReadOnly = useIsReadOnly();
  const router = useRouter();
  const session = useVersionSession(mastery.id, initialVersion, initialCurrentNumber);
  const { byType } = useCatalog();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [isRunsOpen, setIsRunsOpen] = useState(false);
  const [runId, setRunId] = useRunParam();
  const close = useCallback(() => setDialog(null), []);
  useLiveValidation();
  useUnsavedGuard();

  const actions = useMemo(
    () => ({
      onLayout: () => void autoLayout(store, (type) => byType.get(type)?.outputs ?? ['out']),
      onExport: () => exportGraph(store, mastery.name),
      onImport: (text: string) => void session.importFile(text),
      onHelp: () => setDialog('help'),
      onSettings: () => setDialog('settings'),
      onSave: () => setDialog('save'),
      onPublish: () => void session.publish(),
      onRun: () => setDialog('run'),
      onRuns: () => setIsRunsOpen((isOpen) => !isOpen),
    }),
    [store, byType, mastery.name, session],
  );
  const shortcutCommands = useMemo(() => ({ save: actions.onSave, openHelp: actions.onHelp, openCommands: () => setDialog('commands') }), [actions]);
  useShortcuts(store, isReadOnly, shortcutCommands);
  const commands = useCommands(actions, isReadOnly);

  const save = async (note: string) => {
    if ((await session.save(note)) !== null) close();
  };
  const openTheirs = (versionId: string) => {
    store.getState().markSaved();
    router.push(`/masteries/${mastery.id}?version=${versionId}`);
  };

  return (
    <div className="flex h-[calc(100dvh-9rem)] min-h-[32rem] flex-col overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50">
      <Toolbar version={session.version} currentNumber={session.currentNumber} isPublishing={session.isPublishing} isRunsOpen={isRunsOpen} {...actions} />
      <div className="relative flex min-h-0 flex-1">
        {!isReadOnly && <Palette />}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="min-h-0 flex-1">
            <Canvas />
          </div>
          {runId && <RunPanel key={runId} runId={runId} masteryId={mastery.id} onClose={() => setRunId(null)} />}
          <ValidationPanel />
        </div>
        <Inspector />
        {isRunsOpen && <RunsDrawer masteryId={mastery.id} openRunId={runId} onOpenRun={setRunId} onClose={() => setIsRunsOpen(false)} />}
      </div>
      <SaveDialog isOpen={dialog === 'save' && session.conflict === null} isSaving={session.isSaving} errors={session.saveError} onSave={(note) => void save(note)} onClose={close} />
      <ConflictDialog
        conflict={session.conflict}
        isSaving={session.isSaving}
        onOpenTheirs={openTheirs}
        onDownloadMine={actions.onExport}
        onCopyMine={() => navigator.clipboard.writeText(graphJson(store))}
        onSaveOnTop={() => void session.save('Saved on top of a newer version', true).then((saved) => saved !== null && close())}
        onClose={session.dismissConflict}
      />
      <ImportProblemsDialog problems={session.importProblems} onClose={session.dismissImportProblems} />
      <ShortcutsDialog isOpen={dialog === 'help'} onClose={close} />
      <SettingsDialog isOpen={dialog === 'settings'} mastery={mastery} onClose={close} />
      <RunDialog
        isOpen={dialog === 'run'}
        mastery={mastery}
        version={session.version}
        onSave={session.save}
        onStarted={(id) => {
          setRunId(id);
          close();
        }}
        onClose={close}
      />
      <CommandPalette isOpen={dialog === 'commands'} commands={commands} onClose={close} />
    </div>
  );
}

function useCommands(actions: { onLayout(): void; onExport(): void; onSave(): void; onHelp(): void; onSettings(): void; onRuns(): void }, isReadOnly: boolean): Command[] {
  const store = useEditorStoreApi();
  const { entries } = useCatalog();
  return useMemo(() => {
    const always: Command[] = [
      { id: 'export', label: 'Export JSON', run: actions.onExport },
      { id: 'help', label: 'Keyboard shortcuts', run: actions.onHelp },
      { id: 'settings', label: 'Mastery settings', run: actions.onSettings },
      { id: 'runs', label: 'Show or hide runs', run: actions.onRuns },
    ];
    if (isReadOnly) return always;
    const add = (type: string, title: string): Command => ({
      id: `add-${type}`,
      label: `Add ${title}`,
      run: () => void store.getState().addNode(type, { x: store.getState().nodes.length * 30, y: 0 }),
    });
    return [
      ...entries.map((entry) => add(entry.type, entry.title)),
      add('note', 'Sticky note'),
      { id: 'layout', label: 'Auto-layout', run: actions.onLayout },
      { id: 'save', label: 'Save a new draft', run: actions.onSave },
      { id: 'undo', label: 'Undo', run: () => store.getState().undo() },
      { id: 'redo', label: 'Redo', run: () => store.getState().redo() },
      ...always,
    ];
  }, [actions, entries, isReadOnly, store]);
}
