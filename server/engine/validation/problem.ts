/** What validation reports: every problem at once, each naming the node or edge and the field to fix. */
import { z } from 'zod';
import type { NodeRegistry } from '../node-type';

export type ProblemCode =
  | 'INVALID_GRAPH'
  | 'INVALID_FIELD'
  | 'GRAPH_TOO_LARGE'
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
  | 'SECRET_MISUSE'
  | 'UNREACHABLE_NODE'
  | 'PASS_THROUGH_OF_SEVERAL';

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

/** An edge between existing (non-note) nodes, with the positions of its ends in `ValidationContext.nodes`. */
export interface LinkEdge {
  edge: LooseEdge;
  source: number;
  target: number;
}

/** What every rule reads: the graph's relations computed once, with nodes addressed by position. */
export interface ValidationContext {
  registry: NodeRegistry;
  /** Nodes the engine runs: sticky notes left out. */
  nodes: readonly LooseNode[];
  /** Position in `nodes` of the first node of each id (duplicates are reported by their own rule). */
  indexOf: ReadonlyMap<string, number>;
  noteIds: ReadonlySet<string>;
  edges: readonly LooseEdge[];
  /** Edges whose both ends are existing (non-note) nodes: the ones relations are computed on. */
  linkEdges: readonly LinkEdge[];
  /** linkEdges by the position of their source, and of their target. */
  outgoing: ReadonlyArray<readonly LinkEdge[]>;
  incoming: ReadonlyArray<readonly LinkEdge[]>;
  resultMapping: unknown;
}

/** The first node of an id, if there is one. */
export function nodeOf(ctx: ValidationContext, id: string): LooseNode | undefined {
  const at = ctx.indexOf.get(id);
  return at === undefined ? undefined : ctx.nodes[at];
}

/** Whether the node at a position is the first of its id (walks visit each id once, in graph order). */
export function isFirstOfId(ctx: ValidationContext, at: number): boolean {
  if (ctx.indexOf.size === ctx.nodes.length) return true; // no id repeats
  const node = ctx.nodes[at];
  return node !== undefined && ctx.indexOf.get(node.id) === at;
}

const NO_LINKS: readonly LinkEdge[] = Object.freeze([]);

/** Edges leaving, or entering, the node at a position. */
export const linksFrom = (ctx: ValidationContext, at: number): readonly LinkEdge[] => ctx.outgoing[at] ?? NO_LINKS;
export const linksInto = (ctx: ValidationContext, at: number): readonly LinkEdge[] => ctx.incoming[at] ?? NO_LINKS;

export type ValidationRule = (ctx: ValidationContext) => GraphProblem[];

export function edgeLabel(edge: { id: string }): string {
  return `Edge "${edge.id}"`;
}
