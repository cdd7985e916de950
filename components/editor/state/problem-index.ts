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

const problemKey = (p: GraphProblem) => [p.severity, p.code, p.message, p.nodeId, p.edgeId, p.field, p.edgeIds?.join(' ')].join('\u0000');

/** Whether a new validation found exactly the problems already shown: then nothing on the canvas needs to change. */
export function sameProblems(a: readonly GraphProblem[], b: readonly GraphProblem[]): boolean {
  return a.length === b.length && a.every((problem, index) => problemKey(problem) === problemKey(b[index] as GraphProblem));
}
