/**
 * Secrets are read only whole (`{{ $secrets.NAME }}`) and only where the node type takes them: any other
 * use of `$secrets` is refused before a version is saved or a run starts. See secret-refs.ts for why.
 */
import { nodeLabel } from '../issue-format';
import { containsTemplate } from '../templates';
import { mentionsSecrets, resultMappingMisuses, SECRET_RULE_HINT, secretMisuses, type SecretMisuse } from '../secret-refs';
import type { GraphProblem, ValidationContext } from './problem';

const NO_FIELDS: readonly string[] = Object.freeze([]);

export function secretProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const node of ctx.nodes) {
    // Most configs never name a secret: one text scan, no template lists.
    if (!mentionsSecretsAnywhere(node.config)) continue;
    const nodeType = ctx.registry.get(node.type);
    const fields = { secretFields: nodeType?.secretFields ?? NO_FIELDS, expressionFields: nodeType?.expressionFields ?? NO_FIELDS };
    for (const misuse of secretMisuses(node.config, fields)) problems.push(toProblem(`${nodeLabel(node)}: `, misuse, node.id));
  }
  if (containsTemplate(ctx.resultMapping)) {
    for (const misuse of resultMappingMisuses(ctx.resultMapping)) problems.push(toProblem('Settings: ', misuse));
  }
  return problems;
}

function toProblem(where: string, misuse: SecretMisuse, nodeId?: string): GraphProblem {
  const problem: GraphProblem = {
    severity: 'error',
    code: 'SECRET_MISUSE',
    message: `${where}${misuse.field} ${misuse.reason}; ${SECRET_RULE_HINT}`,
    field: misuse.field,
  };
  if (nodeId !== undefined) problem.nodeId = nodeId;
  return problem;
}

function mentionsSecretsAnywhere(value: unknown): boolean {
  if (typeof value === 'string') return mentionsSecrets(value);
  if (Array.isArray(value)) return value.some(mentionsSecretsAnywhere);
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) if (Object.hasOwn(value, key) && mentionsSecretsAnywhere(Reflect.get(value, key))) return true;
  return false;
}
