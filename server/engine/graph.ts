/**
 * The graph of a mastery version: one zod schema used for saving, importing and running. Every object
 * in it is strict: an unknown field is refused with its path, never dropped, so what was saved is what
 * runs. Node configs stay `unknown` here; each node type parses its own (strict) config (see validate.ts).
 */
import { z } from 'zod';
import { jsonObjectSchema, jsonValueSchema } from './json-limits';

export const NODE_ID_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export const nodeIdSchema = z
  .string()
  .regex(NODE_ID_PATTERN, 'must be a slug: a lowercase letter, then lowercase letters, digits or _ (max 64)')
  .brand<'NodeId'>();
export type NodeId = z.infer<typeof nodeIdSchema>;

/** Lengths of a graph's text fields. */
export const GRAPH_TEXT_MAX = { type: 64, name: 200, edgeId: 128, edgeEnd: 64 } as const;

export const edgeIdSchema = z.string().min(1).max(GRAPH_TEXT_MAX.edgeId).brand<'EdgeId'>();
export type EdgeId = z.infer<typeof edgeIdSchema>;

export const runIdSchema = z.string().min(1).max(64).brand<'RunId'>();
export type RunId = z.infer<typeof runIdSchema>;

/** Editor-only sticky notes: kept in the graph for the canvas, ignored by validation rules and the engine. */
export const NOTE_NODE_TYPE = 'note';

export const retryPolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(1).describe('Attempts in total, the first included'),
  initialDelayMs: z.number().int().min(0).max(3_600_000).default(1000).describe('Delay before the 2nd attempt'),
  multiplier: z.number().min(1).max(10).default(2).describe('Each further delay is the previous one times this'),
  maxDelayMs: z.number().int().min(0).max(86_400_000).default(60_000).describe('Upper bound of one delay'),
  jitter: z.number().min(0).max(1).default(0.2).describe('Random spread of each delay, as a ratio (0.2 = ±20%)'),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const stepPolicySchema = z.strictObject({
  retry: retryPolicySchema.optional(),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional().describe('Abort an attempt after this long'),
  continueOnFailure: z.boolean().default(false).describe('On failure, skip downstream steps and keep the run going'),
});
export type StepPolicy = z.infer<typeof stepPolicySchema>;

export const positionSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const graphNodeSchema = z.strictObject({
  id: nodeIdSchema,
  type: z.string().min(1).max(GRAPH_TEXT_MAX.type),
  name: z.string().max(GRAPH_TEXT_MAX.name).default(''),
  position: positionSchema.default({ x: 0, y: 0 }),
  config: z.unknown(),
  policy: stepPolicySchema.optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.strictObject({
  id: edgeIdSchema,
  // Plain strings, not NodeId: a dangling or misspelt end is reported by validate with the edge named.
  source: z.string().min(1).max(GRAPH_TEXT_MAX.edgeEnd),
  target: z.string().min(1).max(GRAPH_TEXT_MAX.edgeEnd),
  sourceHandle: z.string().min(1).max(GRAPH_TEXT_MAX.edgeEnd).optional(),
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphSettingsSchema = z.strictObject({
  maxParallel: z.number().int().min(1).max(256).default(4).describe('Steps of one run executing at once'),
  inputSchema: jsonObjectSchema.optional().describe('JSON Schema of the run input'),
  resultMapping: jsonValueSchema.optional().describe('JSON whose strings may hold {{ }} templates; the run output'),
});
export type GraphSettings = z.infer<typeof graphSettingsSchema>;

export interface GraphLimits {
  maxNodes: number;
  maxEdges: number;
  /** The graph as JSON text, in characters; unset: no limit (benchmarks of very large graphs). */
  maxChars?: number;
}

/**
 * Sized for editing by hand, with room: a 2,000-step, 6,000-edge workflow with ordinary configs is about
 * 1.5 MB of JSON. The engine accepts larger limits (benchmarks of large graphs pass their own).
 */
export const DEFAULT_GRAPH_LIMITS: GraphLimits = { maxNodes: 5_000, maxEdges: 20_000, maxChars: 3_000_000 };

export function createGraphSchema(limits: GraphLimits = DEFAULT_GRAPH_LIMITS) {
  return z.strictObject({
    nodes: z.array(graphNodeSchema).max(limits.maxNodes, `at most ${limits.maxNodes} nodes are allowed`),
    edges: z.array(graphEdgeSchema).max(limits.maxEdges, `at most ${limits.maxEdges} edges are allowed`).default([]),
    settings: graphSettingsSchema.default({ maxParallel: 4 }),
  });
}

export const graphSchema = createGraphSchema();
export type Graph = z.infer<typeof graphSchema>;
/** What a person or an import may send: defaults not yet applied. */
export type GraphInput = z.input<typeof graphSchema>;

export function isNote(node: { type: string }): boolean {
  return node.type === NOTE_NODE_TYPE;
}
