/**
 * The expected-result check of a test input: a JSONata predicate over `$output` (the run's output) and
 * `$input`. Checked for syntax on save; evaluated by the engine's expression evaluator, in the expression
 * pool, so a hostile check is stopped by the same time and depth limits as any expression.
 */
import { compileExpression, DEFAULT_EXPRESSION_LIMITS, evaluateExpression, type ExpressionLimits } from '@/server/engine/expressions';
import { isTruthy } from '@/server/nodes/condition';
import { AppError, InputError } from '@/server/errors';

export type CheckResult = { isPassed: boolean; value: unknown } | { isPassed: false; error: string };

/** Throws BAD_INPUT naming the field when the check does not parse. */
export function assertCheckSyntax(check: string, field = 'check'): void {
  try {
    compileExpression(check);
  } catch (error) {
    const reason = error instanceof AppError ? error.message : String(error);
    throw new InputError(`${field}: ${reason}`, [{ path: field, message: reason }]);
  }
}

export async function evaluateCheck(check: string, output: unknown, input: unknown, limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS): Promise<CheckResult> {
  try {
    const value = await evaluateExpression(check, { input, steps: {}, run: { id: 'check' } }, limits, { output, input });
    return { isPassed: isTruthy(value), value: value ?? null };
  } catch (error) {
    return { isPassed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
