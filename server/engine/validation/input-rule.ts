/** Exactly one `input` node, where the run input enters; nothing flows into it. */
import { nodeLabel } from '../issue-format';
import { linksInto, type GraphProblem, type ValidationContext } from './problem';

export const INPUT_NODE_TYPE = 'input';

export function inputProblems(ctx: ValidationContext): GraphProblem[] {
  const inputs = ctx.nodes.filter((node) => node.type === INPUT_NODE_TYPE);
  const [first, ...extra] = inputs;
  if (first === undefined) {
    return [{ severity: 'error', code: 'MISSING_INPUT', message: 'Graph has no input node; add one where the run input enters' }];
  }
  const problems: GraphProblem[] = extra.map((node) => ({
    severity: 'error',
    code: 'DUPLICATE_INPUT',
    message: `${nodeLabel(node)}: a graph has one input node, and "${first.id}" is already one`,
    nodeId: node.id,
  }));
  for (const node of inputs) {
    const incoming = linksInto(ctx, ctx.indexOf.get(node.id) ?? -1).map((link) => link.edge);
    if (incoming.length === 0) continue;
    problems.push({
      severity: 'error',
      code: 'INPUT_HAS_INCOMING',
      message: `${nodeLabel(node)}: the input node cannot have incoming edges (${incoming.map((edge) => `"${edge.id}"`).join(', ')})`,
      nodeId: node.id,
      edgeIds: incoming.map((edge) => edge.id),
    });
  }
  return problems;
}
