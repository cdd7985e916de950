'use client';
/**
 * The mastery editor: palette, canvas, inspector and problems around one per-editor store.
 * A viewer gets the same canvas read-only: no palette, no save.
 */
import '@xyflow/react/dist/style.css';
import '../canvas/flow.css';
import { ReactFlowProvider } from '@xyflow/react';
import type { Graph } from '@/server/engine/graph';
import type { CatalogEntry } from '@/server/nodes/catalog';
import { CatalogProvider } from '../state/catalog-context';
import { EditorStoreProvider } from '../state/editor-context';
import { EditorBody } from './editor-body';
import { RunOverlayProvider } from '../run-view/run-overlay';
import { RunPermissionsProvider } from '../run-view/run-permissions';
import type { MasteryDetails } from './mastery-details-form';
import type { VersionInfo } from './use-version-session';

export interface MasteryEditorProps {
  mastery: MasteryDetails;
  version: VersionInfo;
  /** The number of the mastery's current (published) version, to say how the open one relates to it. */
  currentNumber: number | null;
  graph: Graph;
  canEdit: boolean;
  /** Approvers and owners may decide approval steps of runs shown here. */
  canApprove: boolean;
  /** From the server page: node type files are never bundled for the browser. */
  catalog: readonly CatalogEntry[];
}

export function MasteryEditor({ mastery, version, currentNumber, graph, canEdit, canApprove, catalog }: MasteryEditorProps) {
  return (
    <CatalogProvider entries={catalog}>
      <EditorStoreProvider graph={graph} isReadOnly={!canEdit}>
        <ReactFlowProvider>
          <RunOverlayProvider>
            <RunPermissionsProvider canApprove={canApprove}>
              <EditorBody mastery={mastery} initialVersion={version} initialCurrentNumber={currentNumber} />
            </RunPermissionsProvider>
          </RunOverlayProvider>
        </ReactFlowProvider>
      </EditorStoreProvider>
    </CatalogProvider>
  );
}
