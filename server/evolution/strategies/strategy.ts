/** One way of fixing a failure. Heuristic strategies are pure and free; the model strategy calls an LLM. */
import type { Graph, GraphNode } from '@/server/engine/graph';
import type { LlmPort } from '@/server/engine/llm-port';
import type { Failure } from '../failure';

export interface StrategyUsage {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export const NO_USAGE: StrategyUsage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };

export type StrategyOutcome =
  /** A changed graph and a note saying what changed and why; validated by the caller before it is kept. */
  | { kind: 'patch'; graph: Graph; note: string; usage: StrategyUsage }
  /** The strategy tried and produced nothing usable (a malformed model answer): logged, never stored. */
  | { kind: 'refused'; reason: string; usage: StrategyUsage };

export interface StrategyDeps {
  /** Undefined: no model configured, and the model strategy does not apply. */
  llm?: LlmPort;
  model: string;
}

export interface Strategy {
  id: string;
  /** Whether this strategy has anything to offer for this failure (no I/O). */
  appliesTo(failure: Failure): boolean;
  propose(failure: Failure, deps: StrategyDeps): Promise<StrategyOutcome> | StrategyOutcome;
}

/** The graph with one node replaced; every other node, edge and setting is the same object. */
export function withNode(graph: Graph, node: GraphNode): Graph {
  return { ...graph, nodes: graph.nodes.map((candidate) => (candidate.id === node.id ? node : candidate)) };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
