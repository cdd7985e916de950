'use client';
/**
 * The mastery editor, full screen: palette, canvas, inspector and run panel around one per-editor store.
 * A viewer gets the same canvas read-only: no palette, no save, nodes fixed in place.
 */
import '@xyflow/react/dist/style.css';
import '../canvas/flow.css';
import { ReactFlowProvider } from '@xyflow/react';
import { ToastProvider } from '@/components/ui/toast';
import { TooltipProvider } from '@/components/ui/tooltip';
import type { Graph } from '@/server/engine/graph';
import type { CatalogEntry } from '@/server/nodes/catalog';
import { AgentNamesProvider } from '../state/agent-names';
import { CatalogProvider } from '../state/catalog-context';
import { EditorStoreProvider } from '../state/editor-context';
import { EditorBody } from './editor-body';
import { DiffOverlayProvider } from '../diff/diff-overlay';
import type { VersionView } from './version-view-banner';
import { RunOverlayProvider } from '../run-view/run-overlay';
import { RunPermissionsProvider } from '../run-view/run-permissions';
import type { MasteryDetails } from './mastery-details-form';
import type { VersionInfo } from './use-version-session';

export interface MasteryEditorProps {
  mastery: MasteryDetails;
  isArchived: boolean;
  version: VersionInfo;
  /** The number of the mastery's current (published) version, to say how the open one relates to it. */
  currentNumber: number | null;
  graph: Graph;
  canEdit: boolean;
  /** Approvers and owners may decide approval steps of runs shown here. */
  canApprove: boolean;
  /** From the server page: node type files are never bundled for the browser. */
  catalog: readonly CatalogEntry[];
  /** A saved version shown read-only (`?view=`), alone or compared with an older one (`&compare=`). */
  view?: VersionView | null;
  /** Editors of a mastery that is not archived may make a version current. */
  canManageVersions?: boolean;
}

export function MasteryEditor({ mastery, isArchived, version, currentNumber, graph, canEdit, canApprove, catalog, view = null, canManageVersions = false }: MasteryEditorProps) {
  return (
    <CatalogProvider entries={catalog}>
      <EditorStoreProvider graph={graph} isReadOnly={!canEdit || view !== null}>
        <ReactFlowProvider>
          <RunOverlayProvider>
            <RunPermissionsProvider canApprove={canApprove}>
              <AgentNamesProvider>
                <TooltipProvider delayDuration={300}>
                  <ToastProvider>
                    <DiffOverlayProvider overlay={view?.diff ?? null}>
                      <EditorBody mastery={mastery} isArchived={isArchived} initialVersion={version} initialCurrentNumber={currentNumber} view={view} canManageVersions={canManageVersions} />
                    </DiffOverlayProvider>
                  </ToastProvider>
                </TooltipProvider>
              </AgentNamesProvider>
            </RunPermissionsProvider>
          </RunOverlayProvider>
        </ReactFlowProvider>
      </EditorStoreProvider>
    </CatalogProvider>
  );
}
