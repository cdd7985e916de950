/**
 * Zoomed out (level-of-detail.ts), every edge is drawn in one SVG element as straight lines: one path per
 * look (plain, a problem's, a diff's), instead of React Flow's SVG element per edge. A graph of thousands
 * of edges then costs the browser one element to paint and composite, not thousands, when the view pans,
 * a node is dragged or a field is typed into. Nothing here can be hovered or clicked, as zoomed-out
 * edges could not be before.
 */
import { memo, useMemo, type CSSProperties } from 'react';
import { ViewportPortal } from '@xyflow/react';
import { useCatalog } from '../state/catalog-context';
import type { EditorEdge, EditorNode } from '../state/types';
import { STEP_CARD as CARD } from './graph-convert';
// Under the nodes: the portal comes after them in the viewport.
const LAYER_STYLE: CSSProperties = { position: 'absolute', left: 0, top: 0, width: 1, height: 1, overflow: 'visible', pointerEvents: 'none', zIndex: -1 };

interface Look {
  className: string;
  style: CSSProperties | undefined;
  d: string;
}

/** One path string per look, each edge a straight segment from its source's handle to its target's left side. */
export function edgePaths(nodes: readonly EditorNode[], edges: readonly EditorEdge[], outputsOf: (nodeType: string) => readonly string[]): Look[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const looks = new Map<string, { style: CSSProperties | undefined; parts: string[] }>();
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    const outputs = outputsOf(source.data.nodeType);
    const index = Math.max(0, outputs.indexOf(edge.sourceHandle ?? 'out'));
    const sourceHeight = source.measured?.height ?? CARD.height;
    const sx = source.position.x + (source.measured?.width ?? CARD.width);
    const sy = source.position.y + (sourceHeight * (index + 1)) / (outputs.length + 1);
    const ty = target.position.y + (target.measured?.height ?? CARD.height) / 2;
    const className = edge.className ?? '';
    let look = looks.get(className);
    if (!look) looks.set(className, (look = { style: edge.style, parts: [] }));
    look.parts.push(`M${Math.round(sx)} ${Math.round(sy)}L${Math.round(target.position.x)} ${Math.round(ty)}`);
  }
  return [...looks].map(([className, { style, parts }]) => ({ className, style, d: parts.join('') }));
}

export const LowDetailEdges = memo(function LowDetailEdges({ nodes, edges }: { nodes: readonly EditorNode[]; edges: readonly EditorEdge[] }) {
  const { byType } = useCatalog();
  const looks = useMemo(() => edgePaths(nodes, edges, (type) => byType.get(type)?.outputs ?? ['out']), [nodes, edges, byType]);
  return (
    <ViewportPortal>
      <svg aria-hidden="true" data-testid="low-detail-edges" style={LAYER_STYLE}>
        {looks.map((look) => (
          <g key={look.className} className={`react-flow__edge ${look.className}`}>
            <path className="react-flow__edge-path" d={look.d} style={look.style} vectorEffect="non-scaling-stroke" />
          </g>
        ))}
      </svg>
    </ViewportPortal>
  );
});
