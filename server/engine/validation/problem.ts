/** What validation reports: every problem at once, each naming the node or edge and the field to fix. */
import { z } from 'zod';
import type { NodeRegistry } from '../node-type';

export type ProblemCode =
  | 'INVALID_GRAPH'
  | 'INVALID_FIELD'
  | 'UNKNOWN_NODE_TYPE'
  | 'INVALID_CONFIG'
  | 'DUPLICATE_NODE_ID'
  | 'DUPLICATE_EDGE_ID'
  | 'DANGLING_EDGE'
  | 'INVALID_SOURCE_HANDLE'
  | 'NOTE_CONNECTED'
  | 'CYCLE'
  | 'MISSING_INPUT'
  | 'DUPLICATE_INPUT'
  | 'INPUT_HAS_INCOMING'
  | 'INVALID_EXPRESSION'
  | 'UNKNOWN_STEP_REFERENCE'
  | 'NOT_UPSTREAM_REFERENCE'
  | 'UNREACHABLE_NODE';

export interface GraphProblem {
  severity: 'error' | 'warning';
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Every edge involved (a cycle's edges), so the editor can highlight them. */
  edgeIds?: string[];
  /** Dotted path inside the node, edge or settings: `config.model`, `sourceHandle`. */
  field?: string;
}

/** Just enough structure to check relations even when some fields are wrong (those are reported apart). */
export const looseGraphSchema = z.object({
  nodes: z.array(z.object({ id: z.string(), type: z.string(), config: z.unknown() })),
  edges: z.array(z.object({ id: z.string(), source: z.string(), target: z.string(), sourceHandle: z.string().optional() })).default([]),
  settings: z.object({ resultMapping: z.unknown().optional() }).optional(),
});
export type LooseGraph = z.infer<typeof looseGraphSchema>;
export type LooseNode = LooseGraph['nodes'][number];
export type LooseEdge = LooseGraph['edges'][number];

export interface ValidationContext {
  registry: NodeRegistry;
  /** Nodes the engine runs: sticky notes left out. */
  nodes: readonly LooseNode[];
  /** First node of each id (duplicates are reported by their own rule). */
  nodeById: ReadonlyMap<string, LooseNode>;
  noteIds: ReadonlySet<string>;
  edges: readonly LooseEdge[];
  /** Edges whose both ends are existing (non-note) nodes: the ones relations are computed on. */
  linkEdges: readonly LooseEdge[];
  /** linkEdges by source and by target. */
  outgoing: ReadonlyMap<string, readonly LooseEdge[]>;
  incoming: ReadonlyMap<string, readonly LooseEdge[]>;
  resultMapping: unknown;
}

export type ValidationRule = (ctx: ValidationContext) => GraphProblem[];

export function edgeLabel(edge: { id: string }): string {
  return `Edge "${edge.id}"`;
}
