/** Steps the input never leads to still run (as extra roots), but are usually a wiring mistake: warn. */
import { nodeLabel } from '../issue-format';
import { INPUT_NODE_TYPE } from './input-rule';
import type { GraphProblem, ValidationContext } from './problem';

export function reachabilityProblems(ctx: ValidationContext): GraphProblem[] {
  const queue = ctx.nodes.filter((node) => node.type === INPUT_NODE_TYPE).map((node) => node.id);
  if (queue.length === 0) return []; // reported as a missing input
  const reached = new Set(queue);
  for (let head = 0; head < queue.length; head += 1) {
    for (const edge of ctx.outgoing.get(queue[head] ?? '') ?? []) {
      if (reached.has(edge.target)) continue;
      reached.add(edge.target);
      queue.push(edge.target);
    }
  }
  return ctx.nodes
    .filter((node) => !reached.has(node.id))
    .map((node) => ({
      severity: 'warning',
      code: 'UNREACHABLE_NODE',
      message: `${nodeLabel(node)}: not reachable from the input node`,
      nodeId: node.id,
    }));
}
