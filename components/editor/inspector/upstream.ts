/** What an expression in a node may read: the ids of the steps upstream of it, and the input's fields. */
import type { EditorEdge, EditorNode } from '../state/types';

// Built once per edges array: the inspector's selectors ask on every store change, typing included.
const incomingByEdges = new WeakMap<readonly EditorEdge[], ReadonlyMap<string, string[]>>();

function incomingOf(edges: readonly EditorEdge[]): ReadonlyMap<string, string[]> {
  const known = incomingByEdges.get(edges);
  if (known) return known;
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    const list = incoming.get(edge.target);
    if (list) list.push(edge.source);
    else incoming.set(edge.target, [edge.source]);
  }
  incomingByEdges.set(edges, incoming);
  return incoming;
}

export function upstreamIds(edges: readonly EditorEdge[], id: string): string[] {
  const incoming = incomingOf(edges);
  const seen = new Set<string>();
  const queue = [...(incoming.get(id) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === undefined || seen.has(next) || next === id) continue;
    seen.add(next);
    queue.push(...(incoming.get(next) ?? []));
  }
  return [...seen].sort();
}

/** `steps.<id>.output` for each upstream step (sticky notes left out), then `input.<field>`. */
export function referencesFor(nodes: readonly EditorNode[], edges: readonly EditorEdge[], id: string, inputSchema: Record<string, unknown> | undefined): string[] {
  const notes = new Set(nodes.filter((node) => node.type === 'note').map((node) => node.id));
  const steps = upstreamIds(edges, id).filter((step) => !notes.has(step)).map((step) => `steps.${step}.output`);
  const properties = inputSchema?.properties;
  const fields = typeof properties === 'object' && properties !== null ? Object.keys(properties).map((field) => `input.${field}`) : [];
  return [...steps, ...fields];
}
