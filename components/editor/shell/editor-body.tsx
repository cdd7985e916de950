import { useCallback, useMemo, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useReactFlow } from '@xyflow/react';
import { Group, Panel, Separator, usePanelRef } from 'react-resizable-panels';
import { Canvas } from '../canvas/canvas';
import { useCatalog } from '../state/catalog-context';
import { CommandPalette } from './command-palette';
import { ConflictDialog } from './conflict-dialog';
import { useEditorStoreApi, useIsReadOnly } from '../state/editor-context';
import { autoLayout, exportGraph, graphJson } from './file-io';
import { ImportProblemsDialog } from './import-problems-dialog';
import { Inspector } from '../inspector/inspector';
import type { MasteryDetails } from './mastery-details-form';
import { NoticeToast } from './notice-toast';
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
import { useCommands } from './use-commands';
import { useUnsavedGuard } from './use-unsaved-guard';
import { useVersionSession, type VersionInfo } from './use-version-session';
import { ValidationPanel } from './validation-panel';
import { VersionViewBanner, type VersionView } from './version-view-banner';
import { VersionsPanel } from './versions-panel';
import { DiffSidePanel } from '../diff/diff-side-panel';

type OpenDialog = 'save' | 'help' | 'commands' | 'settings' | 'run' | null;

interface Props {
  mastery: MasteryDetails;
  isArchived: boolean;
  initialVersion: VersionInfo;
  initialCurrentNumber: number | null;
  view: VersionView | null;
  canManageVersions: boolean;
}

// Side panels are sized in pixels (a form needs its width whatever the window's); the canvas takes the rest.
const PALETTE_RAIL_PX = 48;
const SEPARATOR = 'w-1 shrink-0 bg-zinc-200 transition-colors hover:bg-accent-500 data-[separator=active]:bg-accent-500 focus-visible:bg-accent-500';

export function EditorBody({ mastery, isArchived, initialVersion, initialCurrentNumber, view, canManageVersions }: Props) {
  const store = useEditorStoreApi();
  const isReadOnly = useIsReadOnly();
  const router = useRouter();
  const session = useVersionSession(mastery.id, initialVersion, initialCurrentNumber);
  const { byType } = useCatalog();
  const { fitView } = useReactFlow();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [isRunsOpen, setIsRunsOpen] = useState(false);
  const [isVersionsOpen, setIsVersionsOpen] = useState(false);
  const [runId, setRunId] = useRunParam();
  const palette = usePanelRef();
  const [isPaletteCollapsed, setIsPaletteCollapsed] = useState(true);
  const close = useCallback(() => setDialog(null), []);
  useLiveValidation();
  useUnsavedGuard();

  const actions = useMemo(
    () => ({
      onLayout: () => void autoLayout(store, (type) => byType.get(type)?.outputs ?? ['out']),
      onExport: () => exportGraph(store, mastery.name),
      onImport: (text: string) => void session.importFile(text),
      onHelp: () => setDialog('help'),
      onCommands: () => setDialog('commands'),
      onSettings: () => setDialog('settings'),
      onSave: () => setDialog('save'),
      onPublish: () => void session.publish(),
      onRun: () => setDialog('run'),
      onRuns: () => {
        setIsVersionsOpen(false);
        setIsRunsOpen((isOpen) => !isOpen);
      },
      onVersions: () => {
        setIsRunsOpen(false);
        setIsVersionsOpen((isOpen) => !isOpen);
      },
    }),
    [store, byType, mastery.name, session],
  );
  const shortcutCommands = useMemo(() => ({ save: actions.onSave, openHelp: actions.onHelp, openCommands: actions.onCommands }), [actions]);
  useShortcuts(store, isReadOnly, shortcutCommands);
  const commands = useCommands(actions, isReadOnly);
  const selectStep = useCallback(
    (nodeId: string) => {
      store.getState().selectOnly([nodeId]);
      void fitView({ nodes: [{ id: nodeId }], maxZoom: 1, duration: 200 });
    },
    [store, fitView],
  );

  const save = async (note: string) => {
    if ((await session.save(note)) !== null) close();
  };
  const openTheirs = (versionId: string) => {
    store.getState().markSaved();
    router.push(`/masteries/${mastery.id}?version=${versionId}`);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col bg-zinc-50">
      <Toolbar
        masteryName={mastery.name}
        isArchived={isArchived}
        version={session.version}
        currentNumber={session.currentNumber}
        isPublishing={session.isPublishing}
        isRunsOpen={isRunsOpen}
        isVersionsOpen={isVersionsOpen}
        {...actions}
      />
      {view !== null && <VersionViewBanner masteryId={mastery.id} view={view} />}
      <div className="relative flex min-h-0 flex-1">
        <Group orientation="horizontal" className="min-h-0 flex-1">
          {!isReadOnly && (
            <>
              <Panel
                id="palette"
                panelRef={palette}
                collapsible
                collapsedSize={PALETTE_RAIL_PX}
                defaultSize={PALETTE_RAIL_PX}
                minSize={200}
                maxSize={360}
                groupResizeBehavior="preserve-pixel-size"
                onResize={(size) => setIsPaletteCollapsed(size.inPixels <= PALETTE_RAIL_PX + 1)}
              >
                <Palette isCollapsed={isPaletteCollapsed} onToggle={() => (palette.current?.isCollapsed() ? palette.current.resize(240) : palette.current?.collapse())} />
              </Panel>
              <Separator className={SEPARATOR} aria-label="Resize the palette" />
            </>
          )}
          <Panel id="centre" minSize="40%">
            <Group orientation="vertical">
              <Panel id="canvas" minSize="35%">
                <div className="flex h-full flex-col">
                  <div className="min-h-0 flex-1">
                    <Canvas />
                  </div>
                  {view === null && <ValidationPanel />}
                </div>
              </Panel>
              {runId && (
                <>
                  <Separator className="h-1 shrink-0 bg-zinc-200 transition-colors hover:bg-accent-500 data-[separator=active]:bg-accent-500" aria-label="Resize the run panel" />
                  <Panel id="run" defaultSize="38%" minSize="15%" maxSize="65%" collapsible collapsedSize={36}>
                    <RunPanel
                      key={runId}
                      runId={runId}
                      masteryId={mastery.id}
                      canvas={{ version: session.version, save: session.save }}
                      onSelectNode={selectStep}
                      onOpenRun={setRunId}
                      onClose={() => setRunId(null)}
                    />
                  </Panel>
                </>
              )}
            </Group>
          </Panel>
          <Separator className={SEPARATOR} aria-label="Resize the inspector" />
          <Panel id="inspector" collapsible collapsedSize={0} defaultSize={360} minSize={280} maxSize={640} groupResizeBehavior="preserve-pixel-size">
            {view?.diff ? <DiffSidePanel overlay={view.diff} /> : <Inspector />}
          </Panel>
        </Group>
        {/* Beside the inspector, not over it: both stay whole, and a step picked in a run shows its data. */}
        {isRunsOpen && <RunsDrawer masteryId={mastery.id} canvasVersionId={session.version.id} openRunId={runId} onOpenRun={setRunId} onClose={() => setIsRunsOpen(false)} />}
        {isVersionsOpen && (
          <VersionsPanel
            masteryId={mastery.id}
            canvasVersion={session.version}
            canMakeCurrent={canManageVersions}
            onMadeCurrent={session.markCurrent}
            onClose={() => setIsVersionsOpen(false)}
          />
        )}
      </div>
      <NoticeToast />
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
