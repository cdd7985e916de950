/**
 * Copy, paste and duplicate through the system clipboard as JSON (so steps move between masteries, and
 * between browser windows): `{ "masteryStudio": "nodes", nodes, edges }` in the graph format.
 */
import { z } from 'zod';
import { graphEdgeSchema, graphNodeSchema } from '@/server/engine/graph';
import { toEditorEdge, toEditorNode, toGraph } from './graph-convert';
import { uniqueNodeId } from './node-ids';
import type { EditorEdge, EditorNode } from '../state/types';

const fragmentSchema = z.object({
  masteryStudio: z.literal('nodes'),
  nodes: z.array(graphNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20000),
});

export function serializeSelection(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): string | null {
  const chosen = nodes.filter((node) => node.selected);
  if (chosen.length === 0) return null;
  const ids = new Set(chosen.map((node) => node.id));
  const inner = edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target));
  const graph = toGraph(chosen, inner, { maxParallel: 4 });
  return JSON.stringify({ masteryStudio: 'nodes', nodes: graph.nodes, edges: graph.edges });
}

/** The fragment with fresh ids (and expressions left as they were), moved by `offset`; null if not ours. */
export function parseFragment(text: string, existing: readonly EditorNode[], offset: number): { nodes: EditorNode[]; edges: EditorEdge[] } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // not JSON: some other text on the clipboard, nothing to paste
  }
  const parsed = fragmentSchema.safeParse(json);
  if (!parsed.success) return null;
  // A mastery has one input: a copied one is left out where there is one already (its edges go with it).
  const hasInput = existing.some((node) => node.data.nodeType === 'input');
  const pasted = hasInput ? parsed.data.nodes.filter((node) => node.type !== 'input') : parsed.data.nodes;
  const renamed = new Map<string, string>();
  const taken: Array<{ id: string }> = [...existing];
  for (const node of pasted) {
    const id = uniqueNodeId(taken, node.id);
    renamed.set(node.id, id);
    taken.push({ id });
  }
  const nodes = pasted.map((node) => ({
    ...toEditorNode({ ...node, id: renamed.get(node.id) ?? node.id, position: { x: node.position.x + offset, y: node.position.y + offset } }),
    selected: true,
  }));
  const edges = parsed.data.edges.flatMap((edge) => {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    if (!source || !target) return [];
    return [toEditorEdge({ ...edge, id: `e_${source}_${target}_${Math.random().toString(36).slice(2, 6)}`, source, target })];
  });
  return { nodes, edges };
}
