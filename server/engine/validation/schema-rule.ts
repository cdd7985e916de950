/** Field problems found by the strict graph schema, rephrased to name the node, edge or setting. */
import type { z } from 'zod';
import { describeIssue, issueFieldPath, nodeLabel } from '../issue-format';
import { isPlainObject } from '../templates';
import { edgeLabel, type GraphProblem } from './problem';

export function schemaProblems(graph: unknown, issues: readonly z.core.$ZodIssue[]): GraphProblem[] {
  return issues.map((issue) => toProblem(graph, issue));
}

function toProblem(graph: unknown, issue: z.core.$ZodIssue): GraphProblem {
  const [collection, index, ...rest] = issueFieldPath(issue);
  const item = typeof index === 'number' ? itemAt(graph, collection, index) : undefined;
  const field = rest.map(String).join('.');
  // The issue's own path inside the node or edge: describeIssue adds an unknown field's name itself.
  const inside = issue.path.slice(2);
  if (collection === 'nodes' && item !== undefined) {
    const id = typeof item.id === 'string' ? item.id : `#${String(index)}`;
    const type = typeof item.type === 'string' ? item.type : 'unknown type';
    const reason = describeIssue('', { ...issue, path: inside });
    return problem(`${nodeLabel({ id, type })}: ${reason}`, field, { nodeId: typeof item.id === 'string' ? item.id : undefined });
  }
  if (collection === 'edges' && item !== undefined) {
    const id = typeof item.id === 'string' ? item.id : `#${String(index)}`;
    const reason = describeIssue('', { ...issue, path: inside });
    return problem(`${edgeLabel({ id })}: ${reason}`, field, { edgeId: typeof item.id === 'string' ? item.id : undefined });
  }
  const path = issueFieldPath(issue).map(String).join('.');
  return problem(`Graph: ${describeIssue('', issue)}`, path === '' ? undefined : path, {});
}

function problem(message: string, field: string | undefined, ids: { nodeId?: string; edgeId?: string }): GraphProblem {
  const found: GraphProblem = { severity: 'error', code: 'INVALID_FIELD', message };
  if (field !== undefined && field !== '') found.field = field;
  if (ids.nodeId !== undefined) found.nodeId = ids.nodeId;
  if (ids.edgeId !== undefined) found.edgeId = ids.edgeId;
  return found;
}

function itemAt(graph: unknown, collection: PropertyKey | undefined, index: number): Record<string, unknown> | undefined {
  if (!isPlainObject(graph) || typeof collection !== 'string') return undefined;
  const items = graph[collection];
  if (!Array.isArray(items)) return undefined;
  const item: unknown = items[index];
  return isPlainObject(item) ? item : undefined;
}
