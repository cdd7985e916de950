/**
 * A comparison shown on the canvas: which steps and connections were added, removed or changed, and the
 * field changes of each step. Its own context, like the run overlay: server data, not the graph edited.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { GraphDiff } from '@/server/versions/diff';
import { DIFF_MARK, DIFF_STROKE, DIFF_WORD, type DiffKind } from './diff-graph';
import type { EditorEdge } from '../state/types';

export interface DiffOverlay {
  nodeKinds: Readonly<Record<string, DiffKind>>;
  edgeKinds: Readonly<Record<string, DiffKind>>;
  diff: GraphDiff;
  fromNumber: number;
  toNumber: number;
}

const DiffContext = createContext<DiffOverlay | null>(null);

export function DiffOverlayProvider({ overlay, children }: { overlay: DiffOverlay | null; children: ReactNode }) {
  return <DiffContext.Provider value={overlay}>{children}</DiffContext.Provider>;
}

export function useDiffOverlay(): DiffOverlay | null {
  return useContext(DiffContext);
}

export function useNodeDiffKind(nodeId: string): DiffKind | undefined {
  return useContext(DiffContext)?.nodeKinds[nodeId];
}

/** Card classes per kind: the removed step is a ghost, dashed and faded, where it used to be. */
export const DIFF_CARD: Record<DiffKind, string> = {
  added: 'border-success-700 bg-success-50 ring-2 ring-success-700/40',
  removed: 'border-dashed border-danger-600 bg-danger-50 opacity-60',
  changed: 'border-warning-700 bg-warning-50 ring-2 ring-warning-700/40',
};

const MARK_TONE: Record<DiffKind, string> = { added: 'bg-success-700', removed: 'bg-danger-600', changed: 'bg-warning-700' };

/** On the card's top-left edge: the kind as a sign and a word, not only as a colour. */
export function DiffMark({ kind }: { kind: DiffKind }) {
  return (
    <span className={`absolute -top-2.5 left-2 inline-flex items-center gap-1 rounded-full px-1.5 py-px text-[10px] font-semibold text-white shadow-sm ${MARK_TONE[kind]}`}>
      <span aria-hidden="true">{DIFF_MARK[kind]}</span>
      {DIFF_WORD[kind]}
    </span>
  );
}

/** The edges coloured, dashed when removed, and labelled with the kind's sign. */
export function withEdgeDiff(edges: EditorEdge[], overlay: DiffOverlay | null): EditorEdge[] {
  if (overlay === null) return edges;
  return edges.map((edge) => {
    const kind = overlay.edgeKinds[edge.id];
    if (kind === undefined) return edge;
    return {
      ...edge,
      label: DIFF_MARK[kind],
      ariaLabel: `${DIFF_WORD[kind]} connection ${edge.source} to ${edge.target}`,
      style: { stroke: DIFF_STROKE[kind], strokeWidth: 2, ...(kind === 'removed' ? { strokeDasharray: '6 4' } : {}) },
      labelStyle: { fill: DIFF_STROKE[kind], fontWeight: 700 },
      className: `diff-${kind}`,
    };
  });
}
