/**
 * Static analysis of expressions: which steps an expression reads through `steps.<id>`, so validation can
 * refuse a read of a step that is not upstream. Reads the engine cannot see statically
 * (`$lookup(steps, $name)`) are allowed and simply find nothing at run time when the step has not run.
 */
import { compileExpression } from './expressions';
import { isPlainObject } from './templates';

/** Step ids read as `steps.<id>` (or `$.steps.<id>`, `$$.steps.<id>`), in order of first use. */
export function referencedSteps(expression: string): string[] {
  const found = new Set<string>();
  visit(compileExpression(expression).ast(), found);
  return [...found];
}

function visit(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, found);
    return;
  }
  if (!isPlainObject(node)) return;
  if (node.type === 'path' && Array.isArray(node.steps)) {
    const id = stepIdOfPath(node.steps);
    if (id !== undefined) found.add(id);
  }
  for (const value of Object.values(node)) {
    if (typeof value === 'object' && value !== null) visit(value, found);
  }
}

function stepIdOfPath(steps: readonly unknown[]): string | undefined {
  let index = 0;
  const head = steps[0];
  // `$.steps.x` and `$$.steps.x` start with the context or root variable.
  if (isPlainObject(head) && head.type === 'variable' && (head.value === '' || head.value === '$')) index = 1;
  const root = steps[index];
  const step = steps[index + 1];
  if (!isPlainObject(root) || root.type !== 'name' || root.value !== 'steps') return undefined;
  if (!isPlainObject(step) || step.type !== 'name' || typeof step.value !== 'string') return undefined;
  return step.value;
}
