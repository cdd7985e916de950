/**
 * The graph's size and nesting, checked before any parser touches it: a graph past the size limit is
 * refused naming the limit, and one nested past the depth limit naming the node and field, instead of
 * recursing zod (or anything after it) into a stack overflow.
 */
import type { GraphLimits } from '../graph';
import { nodeLabel } from '../issue-format';
import { MAX_JSON_DEPTH, measureJson } from '../json-limits';
import { isPlainObject } from '../templates';
import type { GraphProblem } from './problem';

const count = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');

export function sizeProblem(graph: unknown, limits: GraphLimits): GraphProblem | undefined {
  const measured = measureJson(graph, { maxDepth: MAX_JSON_DEPTH, maxChars: limits.maxChars });
  switch (measured.kind) {
    case 'ok':
      return undefined;
    case 'too-large':
      return {
        severity: 'error',
        code: 'GRAPH_TOO_LARGE',
        message: `Graph: more than ${count(limits.maxChars)} characters of JSON, the most a graph may have (and at most ${count(limits.maxNodes)} nodes, ${count(limits.maxEdges)} edges)`,
      };
    case 'too-deep':
      return deepProblem(graph, measured.path);
    default: {
      const unhandled: never = measured;
      throw new Error(`unknown measure ${String(unhandled)}`);
    }
  }
}

function deepProblem(graph: unknown, path: string): GraphProblem {
  const [collection, index, ...rest] = path.split('.');
  const items = isPlainObject(graph) && collection !== undefined ? graph[collection] : undefined;
  const item: unknown = Array.isArray(items) ? items[Number(index)] : undefined;
  const reason = `nests deeper than ${MAX_JSON_DEPTH} levels`;
  if (collection === 'nodes' && isPlainObject(item) && typeof item.id === 'string') {
    const type = typeof item.type === 'string' ? item.type : 'unknown type';
    const field = rest.join('.');
    return { severity: 'error', code: 'GRAPH_TOO_LARGE', message: `${nodeLabel({ id: item.id, type })}: ${field} ${reason}`, nodeId: item.id, field };
  }
  return { severity: 'error', code: 'GRAPH_TOO_LARGE', message: `Graph: ${path} ${reason}`, field: path };
}
