/**
 * A pass-through step (`delay`, `output` without a result, `mastery` without an input) with several
 * upstream steps passes on null: it does not combine its parents. Warned, so a graph that expected an
 * object of its parents' outputs learns where to read them instead.
 */
import { nodeLabel } from '../issue-format';
import { linksInto, type GraphProblem, type ValidationContext } from './problem';

export function passThroughProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  ctx.nodes.forEach((node, at) => {
    const rule = ctx.registry.get(node.type)?.passesInput;
    if (rule === undefined) return;
    const config = node.config as Record<string, unknown> | null | undefined;
    if (rule !== true && config?.[rule.unlessSet] !== undefined) return;
    const links = linksInto(ctx, at);
    const parents = [...new Set(links.map((link) => ctx.nodes[link.source]?.id ?? ''))];
    if (parents.length < 2) return;
    problems.push({
      severity: 'warning',
      code: 'PASS_THROUGH_OF_SEVERAL',
      message:
        `${nodeLabel(node)}: with several incoming steps (${parents.map((id) => `"${id}"`).join(', ')}) it passes on null; ` +
        `read each one as steps.<id>.output, or add a merge step before it to combine them`,
      nodeId: node.id,
      edgeIds: links.map((link) => link.edge.id),
    });
  });
  return problems;
}
