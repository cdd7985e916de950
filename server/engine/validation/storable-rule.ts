/**
 * A graph is stored as `jsonb`, which holds no NUL character and no lone surrogate, and it must be plain
 * JSON (no BigInt, Date, Map, NaN, …, which the wire format could carry). Either is refused naming the
 * node and field, before any parser touches the graph, instead of failing at the database with a 500.
 * A step that needs such a character writes it as an escape (`'\u0000'` in code or an expression).
 */
import { nodeLabel } from '../issue-format';
import { nonJsonPart } from '../json-values';
import { isPlainObject } from '../templates';
import type { GraphProblem } from './problem';

export function storableProblem(graph: unknown): GraphProblem | undefined {
  const part = nonJsonPart(graph, { refuseUnstorableText: true });
  if (part === undefined) return undefined;
  const [collection, index, ...rest] = part.path;
  const items = isPlainObject(graph) && typeof collection === 'string' ? graph[collection] : undefined;
  const item: unknown = Array.isArray(items) && typeof index === 'number' ? items[index] : undefined;
  const reason = `is ${part.what}, which a saved graph cannot hold`;
  if (collection === 'nodes' && isPlainObject(item) && typeof item.id === 'string' && rest.length > 0) {
    const type = typeof item.type === 'string' ? item.type : 'unknown type';
    const field = rest.join('.');
    return { severity: 'error', code: 'INVALID_FIELD', message: `${nodeLabel({ id: item.id, type })}: ${field} ${reason}`, nodeId: item.id, field };
  }
  const field = part.path.join('.');
  return { severity: 'error', code: 'INVALID_FIELD', message: `Graph: ${field === '' ? 'the graph' : field} ${reason}`, field: field === '' ? undefined : field };
}
