/** Node ids are unique (expressions address steps by id) and so are edge ids. */
import { edgeLabel, type GraphProblem, type ValidationContext } from './problem';

export function identityProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  if (hasDuplicateNodeIds(ctx)) problems.push(...nodeIdProblems(ctx));
  if (hasDuplicateEdgeIds(ctx)) problems.push(...edgeIdProblems(ctx));
  return problems;
}

/** Cheap check first: counting every id is only needed when some id repeats. */
function hasDuplicateNodeIds(ctx: ValidationContext): boolean {
  if (ctx.indexOf.size !== ctx.nodes.length) return true;
  for (const id of ctx.noteIds) if (ctx.indexOf.has(id)) return true;
  return false;
}

function hasDuplicateEdgeIds(ctx: ValidationContext): boolean {
  return new Set(ctx.edges.map((edge) => edge.id)).size !== ctx.edges.length;
}

function nodeIdProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const [id, count] of countBy([...ctx.nodes.map((node) => node.id), ...ctx.noteIds])) {
    if (count < 2) continue;
    problems.push({
      severity: 'error',
      code: 'DUPLICATE_NODE_ID',
      message: `Node id "${id}" is used by ${count} nodes; ids must be unique`,
      nodeId: id,
      field: 'id',
    });
  }
  return problems;
}

function edgeIdProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const [id, count] of countBy(ctx.edges.map((edge) => edge.id))) {
    if (count < 2) continue;
    problems.push({
      severity: 'error',
      code: 'DUPLICATE_EDGE_ID',
      message: `${edgeLabel({ id })} is used by ${count} edges; ids must be unique`,
      edgeId: id,
      field: 'id',
    });
  }
  return problems;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
