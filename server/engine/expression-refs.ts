/**
 * Static analysis of expressions: which steps an expression reads through `steps.<id>`, so validation can
 * refuse a read of a step that is not upstream. Reads the engine cannot see statically
 * (`$lookup(steps, $name)`) are allowed and simply find nothing at run time: a step's expressions are
 * given only the steps they name.
 */
import { compileExpression } from './expressions';
import { readsOf } from './expression-reads';

/** Step ids read as `steps.<id>` (or `$.steps.<id>`, `$$.steps.<id>`), in order of first use. */
export function referencedSteps(expression: string): string[] {
  return [...readsOf(compileExpression(expression).ast()).steps];
}
