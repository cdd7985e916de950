/**
 * Auto-layout: a pure async function, graph in, positions out. elkjs's layered algorithm
 * places steps left to right; each output handle is an ELK port in a fixed order, so a condition's
 * `true` branch stays above its `false` branch. elkjs is loaded on first use, not with the editor.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  outputs: readonly string[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
}

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

export async function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Map<string, { x: number; y: number }>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const known = new Set(nodes.map((node) => node.id));
  const children: ElkNode[] = nodes.map((node) => ({
    id: node.id,
    width: node.width,
    height: node.height,
    layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
    ports: [
      { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
      ...node.outputs.map((output, index) => ({ id: `${node.id}::${output}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) } })),
    ],
  }));
  const outputsOf = new Map(nodes.map((node) => [node.id, node.outputs]));
  const elkEdges: ElkExtendedEdge[] = edges
    .filter((edge) => known.has(edge.source) && known.has(edge.target))
    .map((edge) => {
      const outputs = outputsOf.get(edge.source) ?? [];
      const handle = edge.sourceHandle && outputs.includes(edge.sourceHandle) ? edge.sourceHandle : outputs[0];
      return { id: edge.id, sources: [handle ? `${edge.source}::${handle}` : edge.source], targets: [`${edge.target}::in`] };
    });
  const result = await new ELK().layout({ id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges: elkEdges });
  const positions = new Map<string, { x: number; y: number }>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
