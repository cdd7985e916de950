/**
 * What an expression reads, from its syntax tree: the steps it names (`steps.<id>`, `$.steps.<id>`,
 * `$$.steps.<id>`), the variables it uses, and whether it is nothing but a path of plain names.
 *
 * A path of plain names (`input.x`, `steps.fetch.output.body.items`, `$item.name`) cannot allocate or
 * loop beyond the data it reads, so it may be evaluated in the server's process. Anything else (a call,
 * an operator, a regex, a range, a filter, a wildcard) could build a huge value or backtrack for minutes
 * inside one evaluation step, where no deadline check runs: it is evaluated in isolation.
 */
import { isPlainObject } from './templates';

export interface ExpressionReads {
  isPlainPath: boolean;
  /** Step ids read statically, in order of first use. */
  steps: readonly string[];
  /** Names of the `$variables` it uses (bindings such as map's `item`). */
  variables: readonly string[];
}

export function readsOf(ast: unknown): ExpressionReads {
  const steps = new Set<string>();
  const variables = new Set<string>();
  visit(ast, steps, variables);
  return { isPlainPath: isPlainPath(ast), steps: [...steps], variables: [...variables] };
}

// A step with any other key carries a filter, an index, a group, `[]`…: not a plain name any more.
const PLAIN_STEP_KEYS = new Set(['type', 'value', 'position']);

function isPlainStep(node: unknown, isHead: boolean): boolean {
  if (!isPlainObject(node)) return false;
  if (node.type !== 'name' && !(isHead && node.type === 'variable')) return false;
  return Object.keys(node).every((key) => PLAIN_STEP_KEYS.has(key));
}

function isPlainPath(ast: unknown): boolean {
  if (isPlainStep(ast, true)) return true;
  if (!isPlainObject(ast) || ast.type !== 'path' || !Array.isArray(ast.steps)) return false;
  if (!Object.keys(ast).every((key) => key === 'type' || key === 'steps')) return false;
  return ast.steps.every((step, at) => isPlainStep(step, at === 0));
}

function visit(node: unknown, steps: Set<string>, variables: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, steps, variables);
    return;
  }
  if (!isPlainObject(node)) return;
  if (node.type === 'path' && Array.isArray(node.steps)) {
    const id = stepIdOfPath(node.steps);
    if (id !== undefined) steps.add(id);
  }
  if (node.type === 'variable' && typeof node.value === 'string' && node.value !== '' && node.value !== '$') variables.add(node.value);
  for (const value of Object.values(node)) {
    if (typeof value === 'object' && value !== null) visit(value, steps, variables);
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
