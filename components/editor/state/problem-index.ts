import type { GraphProblem } from '@/server/engine/validate';

export interface ProblemIndex {
  /** Problems by the node they name, for the badges on the canvas and the inspector's inline errors. */
  problemsByNode: ReadonlyMap<string, readonly GraphProblem[]>;
  /** Edges a problem concerns (a cycle's edges, a dangling edge), highlighted on the canvas. */
  problemEdgeIds: ReadonlySet<string>;
}

export function indexProblems(problems: readonly GraphProblem[]): ProblemIndex {
  const problemsByNode = new Map<string, GraphProblem[]>();
  const problemEdgeIds = new Set<string>();
  for (const problem of problems) {
    if (problem.nodeId !== undefined) {
      const list = problemsByNode.get(problem.nodeId);
      if (list) list.push(problem);
      else problemsByNode.set(problem.nodeId, [problem]);
    }
    if (problem.edgeId !== undefined) problemEdgeIds.add(problem.edgeId);
    for (const id of problem.edgeIds ?? []) problemEdgeIds.add(id);
  }
  return { problemsByNode, problemEdgeIds };
}
