/**
 * A validated graph compiled for the scheduler: nodes by dense index, adjacency lists and in-degrees,
 * resolved policies and the static facts about each config, computed once per run in O(nodes + edges).
 * Per-step work then never scans the graph.
 */
import { GraphError } from '@/server/errors';
import { referencedSteps } from './expression-refs';
import type { Graph, GraphNode, NodeId, RetryPolicy } from './graph';
import { isNote } from './graph';
import type { NodeRegistry, NodeType } from './node-type';
import { NO_RETRY } from './retry-policy';
import { containsTemplate, listTemplates, templatedPart } from './templates';

export const OUTPUT_NODE_TYPE = 'output';

export interface IndexedEdge {
  source: number;
  target: number;
  /** The handle the edge leaves by (the source type's only output when the edge names none). */
  handle: string;
}

export interface IndexedNode {
  index: number;
  id: NodeId;
  name: string;
  type: string;
  nodeType: NodeType;
  config: unknown;
  retry: RetryPolicy;
  timeoutMs: number | undefined;
  continueOnFailure: boolean;
  /** Whether any string outside the raw-expression fields holds `{{ }}` (else the config is used as is). */
  hasTemplates: boolean;
  referencedSteps: readonly string[];
  outgoing: IndexedEdge[];
  incoming: IndexedEdge[];
}

export interface GraphIndex {
  /** The graph's settings; its nodes and edges live on as `nodes` (the parsed graph is not kept). */
  settings: Graph['settings'];
  nodes: readonly IndexedNode[];
  indexById: ReadonlyMap<string, number>;
  maxParallel: number;
  outputNodes: readonly number[];
}

/** Assumes `validateGraph` passed: every type is registered and every edge joins two steps. */
export function indexGraph(graph: Graph, registry: NodeRegistry): GraphIndex {
  const nodes: IndexedNode[] = [];
  const indexById = new Map<string, number>();
  for (const node of graph.nodes) {
    if (isNote(node)) continue;
    indexById.set(node.id, nodes.length);
    nodes.push(indexNode(node, nodes.length, registry));
  }
  for (const edge of graph.edges) {
    const source = indexById.get(edge.source);
    const target = indexById.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const from = nodes[source];
    const to = nodes[target];
    if (from === undefined || to === undefined) continue;
    const indexed: IndexedEdge = { source, target, handle: edge.sourceHandle ?? from.nodeType.outputs[0] ?? 'out' };
    from.outgoing.push(indexed);
    to.incoming.push(indexed);
  }
  return {
    settings: graph.settings,
    nodes,
    indexById,
    maxParallel: graph.settings.maxParallel,
    outputNodes: nodes.filter((node) => node.type === OUTPUT_NODE_TYPE).map((node) => node.index),
  };
}

function indexNode(node: GraphNode, index: number, registry: NodeRegistry): IndexedNode {
  const nodeType = registry.get(node.type);
  if (nodeType === undefined) throw new GraphError('GRAPH_INVALID', `Node "${node.id}": unknown node type "${node.type}"`);
  const templated = templatedPart(node.config, nodeType.expressionFields);
  const hasTemplates = containsTemplate(templated);
  return {
    index,
    id: node.id,
    name: node.name,
    type: node.type,
    nodeType,
    config: node.config,
    retry: node.policy?.retry ?? NO_RETRY,
    timeoutMs: node.policy?.timeoutMs,
    continueOnFailure: node.policy?.continueOnFailure ?? false,
    hasTemplates,
    referencedSteps: hasTemplates || nodeType.expressionFields.length > 0 ? staticReferences(node.config, templated, nodeType.expressionFields) : NO_REFERENCES,
    outgoing: [],
    incoming: [],
  };
}

const NO_REFERENCES: readonly string[] = Object.freeze([]);

function staticReferences(config: unknown, templated: unknown, expressionFields: readonly string[]): string[] {
  const expressions = listTemplates(templated).map((template) => template.expression);
  if (typeof config === 'object' && config !== null) {
    for (const key of expressionFields) {
      const value: unknown = Reflect.get(config, key);
      if (typeof value === 'string') expressions.push(value);
    }
  }
  return [...new Set(expressions.flatMap((expression) => referencedSteps(expression)))];
}
