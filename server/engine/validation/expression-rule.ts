/**
 * Every expression parses, and every `steps.<id>` it reads names a step upstream of it: a step that runs
 * later (or in a parallel branch) would have no output yet. The result mapping runs after all steps, so it
 * may read any existing step.
 */
import { AppError } from '@/server/errors';
import { referencedSteps } from '../expression-refs';
import { nodeLabel } from '../issue-format';
import { containsTemplate, listTemplates, templatedPart } from '../templates';
import { linksInto, type GraphProblem, type LooseNode, type ValidationContext } from './problem';

interface FoundExpression {
  expression: string;
  field: string;
}

export function expressionProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const node of ctx.nodes) {
    const found = expressionsOf(ctx, node);
    if (found.length === 0) continue;
    const where = nodeLabel(node);
    let upstream: ReadonlySet<number> | undefined;
    for (const { expression, field } of found) {
      const refs = readRefs(expression);
      if (refs instanceof AppError) {
        problems.push({ severity: 'error', code: 'INVALID_EXPRESSION', message: `${where}: ${field}: ${refs.message}`, nodeId: node.id, field });
        continue;
      }
      for (const ref of refs) {
        upstream ??= ancestorsOf(ctx, node.id);
        const problem = refProblem(ctx, upstream, ref, `${where}: ${field} reads steps.${ref}`);
        if (problem !== undefined) problems.push({ ...problem, nodeId: node.id, field });
      }
    }
  }
  return [...problems, ...resultMappingProblems(ctx)];
}

function refProblem(ctx: ValidationContext, upstream: ReadonlySet<number>, ref: string, what: string): GraphProblem | undefined {
  const at = ctx.indexOf.get(ref);
  if (at === undefined) {
    return { severity: 'error', code: 'UNKNOWN_STEP_REFERENCE', message: `${what}, but no step "${ref}" exists` };
  }
  if (!upstream.has(at)) {
    return {
      severity: 'error',
      code: 'NOT_UPSTREAM_REFERENCE',
      message: `${what}, but "${ref}" is not upstream of it; connect "${ref}" before it or read another step`,
    };
  }
  return undefined;
}

function resultMappingProblems(ctx: ValidationContext): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const template of listTemplates(ctx.resultMapping, 'settings.resultMapping')) {
    const refs = readRefs(template.expression);
    const field = template.path;
    if (refs instanceof AppError) {
      problems.push({ severity: 'error', code: 'INVALID_EXPRESSION', message: `Settings: ${field}: ${refs.message}`, field });
      continue;
    }
    for (const ref of refs.filter((id) => !ctx.indexOf.has(id))) {
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_STEP_REFERENCE',
        message: `Settings: ${field} reads steps.${ref}, but no step "${ref}" exists`,
        field,
      });
    }
  }
  return problems;
}

const NO_EXPRESSIONS: readonly FoundExpression[] = Object.freeze([]);

function expressionsOf(ctx: ValidationContext, node: LooseNode): readonly FoundExpression[] {
  const nodeType = ctx.registry.get(node.type);
  const expressionFields = nodeType?.expressionFields ?? [];
  const templated = templatedPart(node.config, expressionFields);
  // Most configs hold no template: checked without building lists (validation runs node by node).
  if (expressionFields.length === 0 && !containsTemplate(templated)) return NO_EXPRESSIONS;
  const found: FoundExpression[] = listTemplates(templated, 'config').map((t) => ({
    expression: t.expression,
    field: t.path,
  }));
  const config = node.config;
  if (typeof config !== 'object' || config === null) return found;
  for (const key of expressionFields) {
    const value: unknown = Reflect.get(config, key);
    if (typeof value === 'string') found.push({ expression: value, field: `config.${key}` });
  }
  return found;
}

function readRefs(expression: string): string[] | AppError {
  try {
    return referencedSteps(expression);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** Positions of the steps with a path to `nodeId` (walking edges backwards). */
function ancestorsOf(ctx: ValidationContext, nodeId: string): Set<number> {
  const seen = new Set<number>();
  const start = ctx.indexOf.get(nodeId);
  if (start === undefined) return seen;
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    for (const link of linksInto(ctx, queue[head] ?? -1)) {
      if (seen.has(link.source)) continue;
      seen.add(link.source);
      queue.push(link.source);
    }
  }
  seen.delete(start); // only through a cycle, which is reported on its own
  return seen;
}
