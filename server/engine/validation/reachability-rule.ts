/** Steps the input never leads to still run (as extra roots), but are usually a wiring mistake: warn. */
import { nodeLabel } from '../issue-format';
import { INPUT_NODE_TYPE } from './input-rule';
import { linksFrom, type GraphProblem, type ValidationContext } from './problem';

export function reachabilityProblems(ctx: ValidationContext): GraphProblem[] {
  const reached = new Uint8Array(ctx.nodes.length);
  const queue: number[] = [];
  for (const node of ctx.nodes) {
    const at = ctx.indexOf.get(node.id);
    if (node.type !== INPUT_NODE_TYPE || at === undefined || reached[at] === 1) continue;
    reached[at] = 1;
    queue.push(at);
  }
  if (queue.length === 0) return []; // reported as a missing input
  for (let head = 0; head < queue.length; head += 1) {
    for (const link of linksFrom(ctx, queue[head] ?? -1)) {
      if (reached[link.target] === 1) continue;
      reached[link.target] = 1;
      queue.push(link.target);
    }
  }
  // A node whose id repeats goes with the first of that id, as everywhere else in validation.
  return ctx.nodes
    .filter((node) => reached[ctx.indexOf.get(node.id) ?? -1] !== 1)
    .map((node) => ({
      severity: 'warning',
      code: 'UNREACHABLE_NODE',
      message: `${nodeLabel(node)}: not reachable from the input node`,
      nodeId: node.id,
    }));
}
