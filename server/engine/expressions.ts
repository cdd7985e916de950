/**
 * JSONata expressions and `{{ … }}` templates, evaluated against the run scope
 * `{ input, steps: { <id>: { output } }, run: { id } }`.
 *
 * JSONata is data-only (no host objects), but it can run forever
 * and its evaluation never yields to the event loop, so a timer cannot stop it. JSONata calls the hook
 * stored under `Symbol.for('jsonata.__evaluate_entry')` on every evaluation step; ours checks a deadline
 * and the nesting depth there and throws, which unwinds the whole evaluation.
 *
 * That hook runs only between evaluation steps: one step alone (a backtracking regex, `$pad` to a huge
 * size) can still stall the thread or abort the process. So an expression that is more than a path of
 * plain names (expression-reads.ts) goes to the `isolation` port when one is given: the server passes a
 * pool of child processes (server/sandbox/expression-pool.ts); engine tests and benchmarks evaluate here.
 */
import jsonata from 'jsonata';
import { AppError } from '@/server/errors';
import { readsOf, type ExpressionReads } from './expression-reads';
import { containsTemplate, hasTemplate, isPlainObject, parseTemplate } from './templates';

export interface ExpressionScope {
  input: unknown;
  steps: Record<string, { output: unknown }>;
  run: { id: string };
}

export interface ExpressionLimits {
  /** Wall-clock budget of one evaluation. */
  timeoutMs: number;
  /** Maximum nesting of evaluation steps (deep recursion would otherwise overflow the JS stack). */
  maxDepth: number;
  /** Monotonic milliseconds; injectable so tests can make time pass per evaluation step. */
  now?: () => number;
  /** Where expressions that are more than a path of plain names run; unset: in this process. */
  isolation?: ExpressionIsolation;
  /** The step's signal: an isolated evaluation still waiting for its turn is dropped when it aborts. */
  signal?: AbortSignal;
}

/** One evaluation sent out of the process: only what the expression reads goes with it. */
export interface IsolatedEvaluation {
  expression: string;
  /** The input, the steps the expression names, the run id. */
  scope: unknown;
  /** Only the bindings whose `$name` the expression uses. */
  bindings: Record<string, unknown>;
  timeoutMs: number;
  maxDepth: number;
  /** The run it is for (`run.id` of the scope), so the isolation can share its capacity fairly. */
  runId?: string;
  /** Aborted when the step no longer needs the value (cancelled, timed out). Not sent out. */
  signal?: AbortSignal;
}

/** Evaluates where a runaway expression can neither stall nor kill the server; rejects with EXPRESSION_FAILED. */
export interface ExpressionIsolation {
  evaluate(request: IsolatedEvaluation): Promise<unknown>;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 1_000, maxDepth: 400 };

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
// A binding name with a space cannot be written as a `$variable`, so user expressions cannot reach it.
const GUARD_BINDING = 'mastery guard';

class Guard {
  depth = 0;
  constructor(
    readonly deadline: number,
    readonly limits: ExpressionLimits,
    readonly now: () => number,
  ) {}
}

class LimitExceeded extends Error {}

type Compiled = jsonata.Expression;
// JSONata's types only allow string names in `assign`; the hooks are looked up by symbol (checked in its source).
type SymbolAssignable = { assign(name: symbol, value: unknown): void };
type HookEnvironment = { lookup(name: string): unknown };

const compiledCache = new Map<string, Compiled>();
const COMPILED_CACHE_LIMIT = 2_000;
const readsCache = new WeakMap<Compiled, ExpressionReads>();

function onEntry(_node: unknown, _input: unknown, environment: HookEnvironment): void {
  const guard = environment.lookup(GUARD_BINDING);
  if (!(guard instanceof Guard)) return;
  guard.depth += 1;
  if (guard.depth > guard.limits.maxDepth) {
    throw new LimitExceeded(`exceeded the depth limit of ${guard.limits.maxDepth}`);
  }
  if (guard.now() > guard.deadline) throw new LimitExceeded(`ran longer than ${guard.limits.timeoutMs} ms`);
}

function onExit(_node: unknown, _input: unknown, environment: HookEnvironment): void {
  const guard = environment.lookup(GUARD_BINDING);
  if (guard instanceof Guard) guard.depth -= 1;
}

/** Parses (and caches) an expression; throws EXPRESSION_FAILED on a syntax error. */
export function compileExpression(expression: string): Compiled {
  const cached = compiledCache.get(expression);
  if (cached !== undefined) return cached;
  let compiled: Compiled;
  try {
    compiled = jsonata(expression);
  } catch (error) {
    throw expressionError(expression, describeJsonataError(error), error);
  }
  const assignable: SymbolAssignable = compiled as unknown as SymbolAssignable;
  assignable.assign(ENTRY_HOOK, onEntry);
  assignable.assign(EXIT_HOOK, onExit);
  if (compiledCache.size >= COMPILED_CACHE_LIMIT) compiledCache.clear();
  compiledCache.set(expression, compiled);
  return compiled;
}

/** Evaluates one JSONata expression (no braces) against `scope`, within the limits. */
export async function evaluateExpression(
  expression: string,
  scope: unknown,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
  bindings?: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  const compiled = compileExpression(expression);
  if (limits.isolation !== undefined) {
    const reads = readsOfCompiled(compiled);
    if (!reads.isPlainPath) return limits.isolation.evaluate(isolatedEvaluation(expression, reads, scope, limits, bindings));
  }
  const now = limits.now ?? (() => performance.now());
  const guard = new Guard(now() + limits.timeoutMs, limits, now);
  let result: unknown;
  try {
    // The guard is bound last, so a caller's bindings cannot replace it.
    result = await compiled.evaluate(scope, { ...bindings, [GUARD_BINDING]: guard });
  } catch (error) {
    throw expressionError(expression, describeJsonataError(error), error);
  }
  return toPlainValue(result, expression);
}

function readsOfCompiled(compiled: Compiled): ExpressionReads {
  let reads = readsCache.get(compiled);
  if (reads === undefined) {
    reads = readsOf(compiled.ast());
    readsCache.set(compiled, reads);
  }
  return reads;
}

function isolatedEvaluation(
  expression: string,
  reads: ExpressionReads,
  scope: unknown,
  limits: ExpressionLimits,
  bindings: Readonly<Record<string, unknown>> | undefined,
): IsolatedEvaluation {
  const used: Record<string, unknown> = {};
  for (const name of reads.variables) if (bindings !== undefined && Object.hasOwn(bindings, name)) used[name] = bindings[name];
  const runId = isPlainObject(scope) && isPlainObject(scope.run) && typeof scope.run.id === 'string' ? scope.run.id : undefined;
  const { timeoutMs, maxDepth, signal } = limits;
  return { expression, scope: scopeReadBy(reads, scope), bindings: used, timeoutMs, maxDepth, runId, signal };
}

/** The run scope with only the steps the expression names; `steps` is read only when it names some. */
function scopeReadBy(reads: ExpressionReads, scope: unknown): unknown {
  if (!isPlainObject(scope)) return scope;
  const steps: Record<string, unknown> = {};
  if (reads.steps.length > 0 && isPlainObject(scope.steps)) {
    const all = scope.steps;
    for (const id of reads.steps) if (Object.hasOwn(all, id)) steps[id] = all[id];
  }
  return { input: scope.input, steps, run: scope.run };
}

/**
 * Evaluates a template string: exactly one `{{ expr }}` yields the raw value; anything else yields the
 * text with each expression's value interpolated (objects as JSON, nothing as '').
 */
export async function evaluateTemplate(
  template: string,
  scope: unknown,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
  bindings?: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  if (!hasTemplate(template)) return template;
  const parsed = parseTemplate(template);
  const [first] = parsed.parts;
  if (parsed.isSingleExpression && first !== undefined && typeof first !== 'string') {
    return evaluateExpression(first.expression, scope, limits, bindings);
  }
  let text = '';
  for (const part of parsed.parts) {
    text += typeof part === 'string' ? part : stringify(await evaluateExpression(part.expression, scope, limits, bindings));
  }
  return text;
}

/** Resolves every template in a JSON-like value. Values without templates come back as the same reference. */
export async function resolveTemplates(
  value: unknown,
  scope: unknown,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
  bindings?: Readonly<Record<string, unknown>>,
): Promise<unknown> {
  if (typeof value === 'string') return evaluateTemplate(value, scope, limits, bindings);
  if (!containsTemplate(value)) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) items.push(await resolveTemplates(item, scope, limits, bindings));
    return items;
  }
  if (isPlainObject(value)) {
    const entries: Array<[string, unknown]> = [];
    for (const [key, item] of Object.entries(value)) entries.push([key, await resolveTemplates(item, scope, limits, bindings)]);
    // fromEntries defines keys: assigning a `__proto__` key would set the prototype and lose the data.
    return Object.fromEntries(entries);
  }
  return value;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** JSONata returns its own sequence arrays and may return functions; step data must be plain JSON. */
function toPlainValue(value: unknown, expression: string): unknown {
  if (typeof value === 'function') {
    throw expressionError(expression, 'failed: it yields a function, which is not data');
  }
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, expression));
  if (isPlainObject(value)) {
    // fromEntries defines keys: assigning a `__proto__` key would set the prototype and lose the data.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item, expression)]));
  }
  return value;
}

function describeJsonataError(error: unknown): string {
  if (error instanceof LimitExceeded) return error.message;
  if (error instanceof RangeError) return 'failed: recursed too deeply (call stack exhausted)';
  // JSONata throws plain objects `{ code, position, token, message }` as well as Error instances.
  const fields: Record<string, unknown> = isPlainObject(error) ? error : {};
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const where = typeof fields.position === 'number' ? ` at position ${fields.position}` : '';
  const code = typeof fields.code === 'string' ? ` (${fields.code}${where})` : '';
  return `failed: ${message}${code}`;
}

export function expressionError(expression: string, reason: string, cause?: unknown): AppError {
  return new AppError('EXPRESSION_FAILED', `Expression "${expression}" ${reason}`, { cause });
}
