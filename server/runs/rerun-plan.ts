/**
 * Which steps a re-run from the failed step keeps: the steps that succeeded and whose every upstream step
 * was kept too or skipped for the same reasons (a step after a failure let through by continueOnFailure
 * saw that failure, so it runs again). The kept steps are written into the new run already SUCCEEDED and
 * the engine resumes it as it resumes a run after a restart: only the failed step and what follows run.
 *
 * The new run may be of another version of the mastery (the failing node fixed and saved): a kept step's
 * node must be there with the same type and config, and every kept or skipped step the kept ones depend on
 * must be reached by the same edges, or the kept output could not be what the new version computes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Graph, GraphEdge, GraphNode } from '@/server/engine/graph';
import { isNote } from '@/server/engine/graph';
import { InputError } from '@/server/errors';

export interface OldStep {
  nodeId: string;
  status: string;
  input: unknown;
  output: unknown;
  handles: string[];
}

type Fate = 'kept' | 'skipped' | 'runs';

function incomingEdges(graph: Graph): Map<string, GraphEdge[]> {
  const incoming = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge]);
  return incoming;
}

/** The old run's nodes in an order where every node follows its sources (the graph ran, so it has no cycle). */
function upstreamFirst(graph: Graph, incoming: Map<string, GraphEdge[]>): string[] {
  const waiting = new Map<string, number>();
  const outgoing = new Map<string, string[]>();
  for (const node of graph.nodes) waiting.set(node.id, incoming.get(node.id)?.length ?? 0);
  for (const edge of graph.edges) outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  const order = [...waiting].filter(([, count]) => count === 0).map(([id]) => id);
  for (let i = 0; i < order.length; i += 1) {
    for (const target of outgoing.get(order[i] ?? '') ?? []) {
      const left = (waiting.get(target) ?? 0) - 1;
      waiting.set(target, left);
      if (left === 0) order.push(target);
    }
  }
  return order;
}

function fates(graph: Graph, steps: ReadonlyMap<string, OldStep>, incoming: Map<string, GraphEdge[]>): Map<string, Fate> {
  const fate = new Map<string, Fate>();
  for (const id of upstreamFirst(graph, incoming)) {
    const status = steps.get(id)?.status;
    const settled = (incoming.get(id) ?? []).every((edge) => fate.get(edge.source) !== 'runs');
    fate.set(id, !settled ? 'runs' : status === 'SUCCEEDED' ? 'kept' : status === 'SKIPPED' ? 'skipped' : 'runs');
  }
  return fate;
}

const edgeKey = (edge: GraphEdge) => `${edge.source}\u0000${edge.sourceHandle ?? ''}`;
const sameEdges = (a: readonly GraphEdge[], b: readonly GraphEdge[]) =>
  isDeepStrictEqual(a.map(edgeKey).sort(), b.map(edgeKey).sort());

export interface RerunTarget {
  graph: Graph;
  versionNumber: number;
  /** How the old run is named in messages, e.g. `run #1a2b3c4d`. */
  runLabel: string;
}

/**
 * The old run's steps to copy into the re-run, upstream first. Refused (CONFLICT, naming the node) when the
 * target version changed or removed a node whose kept output the re-run would rely on.
 */
export function keptSteps(oldGraph: Graph, oldSteps: readonly OldStep[], target: RerunTarget): OldStep[] {
  const steps = new Map(oldSteps.map((step) => [step.nodeId, step]));
  const incoming = incomingEdges(oldGraph);
  const fate = fates(oldGraph, steps, incoming);
  const kept = [...fate].filter(([, f]) => f === 'kept').map(([id]) => id);

  // What the kept steps depend on: themselves and everything upstream of them (kept or skipped).
  const relied = new Set<string>();
  const stack = [...kept];
  while (stack.length > 0) {
    const id = stack.pop() ?? '';
    if (relied.has(id)) continue;
    relied.add(id);
    for (const edge of incoming.get(id) ?? []) stack.push(edge.source);
  }

  const nodesOf = (graph: Graph) => new Map<string, GraphNode>(graph.nodes.filter((node) => !isNote(node)).map((node) => [node.id, node]));
  const oldNodes = nodesOf(oldGraph);
  const newNodes = nodesOf(target.graph);
  const newIncoming = incomingEdges(target.graph);
  const version = `version ${target.versionNumber}`;
  for (const id of relied) {
    const before = oldNodes.get(id);
    const after = newNodes.get(id);
    const name = before?.name && before.name !== id ? `"${before.name}" (${id})` : `"${id}"`;
    const verb = fate.get(id) === 'kept' ? 'succeeded' : 'was skipped';
    const keep = `step ${name} ${verb} in ${target.runLabel} and the re-run would rely on that`;
    if (after === undefined) throw conflict(`Node ${name} is not in ${version}, but ${keep}; re-run ${version} from the start instead`);
    if (fate.get(id) === 'kept' && (after.type !== before?.type || !isDeepStrictEqual(after.config, before.config))) {
      throw conflict(`Node ${name} changed in ${version}, but ${keep}; re-run ${version} from the start instead`);
    }
    if (!sameEdges(incoming.get(id) ?? [], newIncoming.get(id) ?? [])) {
      throw conflict(`The connections into node ${name} changed in ${version}, but ${keep}; re-run ${version} from the start instead`);
    }
  }
  return kept.map((id) => steps.get(id)).filter((step) => step !== undefined);
}

function conflict(message: string): InputError {
  return new InputError(message, undefined, 'CONFLICT');
}
