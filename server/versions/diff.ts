/**
 * Compares two graphs: nodes and edges added, removed and changed; for each changed node its fields
 * (name, type, config, policy); then settings and the input schema. Canvas positions are left out: moving
 * a step changes nothing it does.
 */
import { z } from 'zod';
import type { Graph, GraphEdge, GraphNode } from '@/server/engine/graph';
import { fieldChangeSchema, fieldChanges } from './field-diff';

const changeKindSchema = z.enum(['added', 'removed', 'changed']);

export const nodeChangeSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  kind: changeKindSchema,
  fields: z.array(fieldChangeSchema),
});

export const edgeChangeSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  sourceHandle: z.string().optional(),
  kind: changeKindSchema,
  fields: z.array(fieldChangeSchema),
});

export const graphDiffSchema = z.object({
  nodes: z.array(nodeChangeSchema),
  edges: z.array(edgeChangeSchema),
  settings: z.array(fieldChangeSchema),
  inputSchema: z.array(fieldChangeSchema),
  summary: z.object({ added: z.number(), removed: z.number(), changed: z.number() }),
});
export type GraphDiff = z.infer<typeof graphDiffSchema>;
export type NodeChange = z.infer<typeof nodeChangeSchema>;

/** What a node does, without where it sits on the canvas. */
function behaviourOf(node: GraphNode) {
  return { name: node.name, type: node.type, config: node.config, policy: node.policy };
}

function edgeShape(edge: GraphEdge) {
  return { source: edge.source, target: edge.target, sourceHandle: edge.sourceHandle };
}

function diffById<T extends { id: string }, C>(before: readonly T[], after: readonly T[], compare: (kind: 'added' | 'removed' | 'changed', item: T, from?: T) => C | undefined): C[] {
  const old = new Map(before.map((item) => [item.id, item]));
  const next = new Map(after.map((item) => [item.id, item]));
  const changes: C[] = [];
  for (const item of before) if (!next.has(item.id)) pushDefined(changes, compare('removed', item));
  for (const item of after) {
    const from = old.get(item.id);
    pushDefined(changes, from === undefined ? compare('added', item) : compare('changed', item, from));
  }
  return changes;
}

function pushDefined<C>(list: C[], item: C | undefined): void {
  if (item !== undefined) list.push(item);
}

export function diffGraphs(from: Graph, to: Graph): GraphDiff {
  const nodes = diffById(from.nodes, to.nodes, (kind, node, old) => {
    const fields = kind === 'changed' ? fieldChanges(behaviourOf(old ?? node), behaviourOf(node), '') : [];
    if (kind === 'changed' && fields.length === 0) return undefined;
    return { id: node.id, name: node.name, type: node.type, kind, fields };
  });
  const edges = diffById(from.edges, to.edges, (kind, edge, old) => {
    const fields = kind === 'changed' ? fieldChanges(edgeShape(old ?? edge), edgeShape(edge), '') : [];
    if (kind === 'changed' && fields.length === 0) return undefined;
    return { id: edge.id, source: edge.source, target: edge.target, ...(edge.sourceHandle === undefined ? {} : { sourceHandle: edge.sourceHandle }), kind, fields };
  });
  const { inputSchema: fromSchema, ...fromSettings } = from.settings;
  const { inputSchema: toSchema, ...toSettings } = to.settings;
  const all = [...nodes, ...edges];
  return {
    nodes,
    edges,
    settings: fieldChanges(fromSettings, toSettings, 'settings'),
    inputSchema: fieldChanges(fromSchema ?? {}, toSchema ?? {}, 'inputSchema'),
    summary: {
      added: all.filter((c) => c.kind === 'added').length,
      removed: all.filter((c) => c.kind === 'removed').length,
      changed: all.filter((c) => c.kind === 'changed').length,
    },
  };
}
