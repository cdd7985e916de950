/** Each node names a registered type, and its config parses with that type's schema. */
import { describeIssue, issueFieldPath, nodeLabel } from '../issue-format';
import { hasTemplate } from '../templates';
import type { GraphProblem, ValidationContext } from './problem';

export function nodeTypeProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const node of ctx.nodes) {
    const nodeType = ctx.registry.get(node.type);
    if (nodeType === undefined) {
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_NODE_TYPE',
        message: `${nodeLabel(node)}: unknown node type "${node.type}"`,
        nodeId: node.id,
        field: 'type',
      });
      continue;
    }
    if (nodeType.configSchema.safeParse(node.config).success) continue;
    const parsed = nodeType.configSchema.safeParse(node.config, { reportInput: true });
    for (const issue of parsed.error?.issues ?? []) {
      // A `{{ }}` template stands for a value known only at run time, where the config is parsed again.
      if (typeof issue.input === 'string' && hasTemplate(issue.input)) continue;
      problems.push({
        severity: 'error',
        code: 'INVALID_CONFIG',
        message: `${nodeLabel(node)}: ${describeIssue('config', issue)}`,
        nodeId: node.id,
        field: ['config', ...issueFieldPath(issue).map(String)].join('.'),
      });
    }
  }
  return problems;
}
