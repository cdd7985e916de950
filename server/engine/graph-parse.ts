/**
 * What the graph schema (graph.ts) returns for an ordinary graph, without asking zod node by node:
 * zod took 2.4–2.9 µs a node and an edge, more than half of a 10,000-step run's set-up. Anything out of
 * the ordinary (a field missing or of the wrong type, a value out of range, too many nodes) returns
 * undefined, and zod decides and words the problems. Policies and settings, rarer and nested, are still
 * parsed by their zod schemas, defaults included. Like the schema, it is strict: a field it does not know
 * leaves the graph to zod, which refuses it with its path. `graph-parse.test.ts` holds this to zod's output.
 * Unlike zod's, the result may share nodes and edges with the input (see `hasExactly`).
 */
import type { Graph, GraphEdge, GraphLimits, GraphNode } from './graph';
import { GRAPH_TEXT_MAX as MAX, NODE_ID_PATTERN, graphSettingsSchema, stepPolicySchema } from './graph';

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, min: number, max: number): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function parseOrdinaryGraph(input: unknown, limits: GraphLimits): Graph | undefined {
  if (!isFields(input) || !hasOnly(input, GRAPH_KEYS) || !Array.isArray(input.nodes) || input.nodes.length > limits.maxNodes) return undefined;
  const rawEdges = input.edges === undefined ? [] : input.edges;
  if (!Array.isArray(rawEdges) || rawEdges.length > limits.maxEdges) return undefined;
  const nodes: GraphNode[] = [];
  for (const raw of input.nodes as unknown[]) {
    const node = parseNode(raw);
    if (node === undefined) return undefined;
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  for (const raw of rawEdges as unknown[]) {
    const edge = parseEdge(raw);
    if (edge === undefined) return undefined;
    edges.push(edge);
  }
  const settings = input.settings === undefined ? { success: true as const, data: { maxParallel: 4 } } : graphSettingsSchema.safeParse(input.settings);
  if (!settings.success) return undefined;
  return { nodes, edges, settings: settings.data };
}

// Keys in the schema's order, so a graph saved after either parse serialises the same.
function parseNode(raw: unknown): GraphNode | undefined {
  // zod requires the config key, though its value may be anything, undefined included. A key given as
  // undefined stays in zod's result (config, policy, sourceHandle), so it stays here too.
  if (!isFields(raw) || !('config' in raw) || !hasOnly(raw, POLICY_NODE_KEYS)) return undefined;
  const { id, type, name = '', position = { x: 0, y: 0 }, config, policy } = raw;
  if (typeof id !== 'string' || !NODE_ID_PATTERN.test(id) || !isText(type, 1, MAX.type) || !isText(name, 0, MAX.name)) return undefined;
  if (!isFields(position) || !hasOnly(position, POSITION_KEYS) || !isFiniteNumber(position.x) || !isFiniteNumber(position.y)) return undefined;
  if (policy === undefined && hasExactly(raw, NODE_KEYS) && hasExactly(position, POSITION_KEYS)) return raw as GraphNode;
  const node: GraphNode = { id: id as GraphNode['id'], type, name, position: { x: position.x, y: position.y }, config };
  if (policy === undefined) {
    if ('policy' in raw) node.policy = undefined;
  } else {
    const parsed = stepPolicySchema.safeParse(policy);
    if (!parsed.success) return undefined;
    node.policy = parsed.data;
  }
  return node;
}

function parseEdge(raw: unknown): GraphEdge | undefined {
  if (!isFields(raw) || !hasOnly(raw, HANDLED_EDGE_KEYS)) return undefined;
  const { id, source, target, sourceHandle } = raw;
  if (!isText(id, 1, MAX.edgeId) || !isText(source, 1, MAX.edgeEnd) || !isText(target, 1, MAX.edgeEnd)) return undefined;
  if (sourceHandle !== undefined && !isText(sourceHandle, 1, MAX.edgeEnd)) return undefined;
  if (hasExactly(raw, sourceHandle === undefined ? EDGE_KEYS : HANDLED_EDGE_KEYS)) return raw as GraphEdge;
  if (sourceHandle === undefined) return 'sourceHandle' in raw ? { id: id as GraphEdge['id'], source, target, sourceHandle } : { id: id as GraphEdge['id'], source, target };
  return { id: id as GraphEdge['id'], source, target, sourceHandle };
}

/*
 * A node, position or edge that already has exactly the schema's keys, in its order, is what zod would
 * return: it is kept rather than copied. A graph read from the database is in that form, and copying a
 * 10,000-step graph was 285 bytes a node that lived through validation and compiling.
 */
const NODE_KEYS = ['id', 'type', 'name', 'position', 'config'] as const;
const POSITION_KEYS = ['x', 'y'] as const;
const EDGE_KEYS = ['id', 'source', 'target'] as const;
const HANDLED_EDGE_KEYS = ['id', 'source', 'target', 'sourceHandle'] as const;
const POLICY_NODE_KEYS = [...NODE_KEYS, 'policy'] as const;
const GRAPH_KEYS = ['nodes', 'edges', 'settings'] as const;

/** No key outside `keys`: the schema's objects are strict. */
function hasOnly(value: Fields, keys: readonly string[]): boolean {
  for (const key in value) if (!keys.includes(key)) return false;
  return true;
}

function hasExactly(value: Fields, keys: readonly string[]): boolean {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  let at = 0;
  for (const key in value) {
    if (key !== keys[at]) return false;
    at += 1;
  }
  return at === keys.length;
}
