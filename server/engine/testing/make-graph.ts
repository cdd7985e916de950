/**
 * Small factories for test graphs: `makeGraph({ nodes: ['a', 'b'], edges: ['a->b'] })`.
 * An edge string is `source->target`, or `source-handle->target` to leave by a named handle.
 */
export interface NodeSpec {
  id: string;
  type?: string;
  name?: string;
  config?: unknown;
  policy?: Record<string, unknown>;
}

export interface EdgeSpec {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string;
}

export interface GraphSpec {
  nodes: ReadonlyArray<NodeSpec | string>;
  edges?: ReadonlyArray<EdgeSpec | string>;
  settings?: Record<string, unknown>;
  /** Type of nodes given as bare ids, and of specs without a type. */
  defaultType?: string;
}

export interface TestGraph {
  nodes: Array<Record<string, unknown>>;
  edges: Array<EdgeSpec & { id: string }>;
  settings: Record<string, unknown>;
}

/** A plain JSON graph, as the editor or an import would send it (validation does the typing). */
export function makeGraph(spec: GraphSpec): TestGraph {
  const defaultType = spec.defaultType ?? 'probe';
  const nodes = spec.nodes.map((node, index) => {
    const full: NodeSpec = typeof node === 'string' ? { id: node } : node;
    const built: Record<string, unknown> = {
      id: full.id,
      type: full.type ?? defaultType,
      name: full.name ?? full.id,
      position: { x: index * 200, y: 0 },
      config: full.config ?? {},
    };
    if (full.policy !== undefined) built.policy = full.policy;
    return built;
  });
  const edges = (spec.edges ?? []).map((edge, index) => toEdge(edge, index));
  return { nodes, edges, settings: spec.settings ?? {} };
}

function toEdge(edge: EdgeSpec | string, index: number): EdgeSpec & { id: string } {
  if (typeof edge !== 'string') return { ...edge, id: edge.id ?? `e${index + 1}` };
  const match = /^([^-\s]+)(?:-([^>\s]+))?->(\S+)$/.exec(edge.trim());
  if (match === null) throw new Error(`bad edge shorthand "${edge}"`);
  const [, source = '', handle, target = ''] = match;
  const built: EdgeSpec & { id: string } = { id: `e${index + 1}`, source, target };
  if (handle !== undefined) built.sourceHandle = handle;
  return built;
}

/** `chainEdges('a', 'b', 'c')` → ['a->b', 'b->c']. */
export function chainEdges(...ids: string[]): string[] {
  return ids.slice(1).map((id, index) => `${ids[index]}->${id}`);
}
