/**
 * JSONata evaluation and run-input schema checks in child processes (expression-child-source.ts), so a
 * runaway expression or a backtracking `pattern` can neither stall the server's event loop nor abort its
 * process. The server's runtime passes this pool to the engine as its expression isolation port.
 */
import { z } from 'zod';
import { expressionError, type ExpressionIsolation, type IsolatedEvaluation } from '@/server/engine/expressions';
import { MAX_STEP_OUTPUT_CHARS } from '@/server/engine/json-limits';
import { ChildPool, type ChildOutcome, type ChildPoolOptions } from './child-pool';
import type { JobRequester } from './fair-queue';
import { EXPRESSION_CHILD_SOURCE } from './expression-child-source';

export interface ExpressionPoolOptions extends ChildPoolOptions {
  /** Longest result, in characters of JSON: a larger one is refused in the child, before the server reads it. */
  maxResultChars: number;
}

// Two children for two cores. 128 MB holds the data an expression reads several times over (a run input is
// at most 1 MB); a memory bomb reaches it within a second and the child dies alone.
export const DEFAULT_EXPRESSION_POOL_OPTIONS: ExpressionPoolOptions = { size: 2, heapMb: 128, graceMs: 200, maxResultChars: MAX_STEP_OUTPUT_CHARS };

const expressionReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok'), json: z.string().nullable() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);

const schemaReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok'), json: z.string().nullable() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
  z.object({ kind: z.literal('invalid'), issues: z.array(z.object({ path: z.array(z.string()), message: z.string() })) }),
  z.object({ kind: z.literal('unusable'), message: z.string() }),
]);

/** A schema check's result: the parsed input (undefined when only the schema was compiled), or why not. */
export type SchemaCheck =
  | { kind: 'ok'; value: unknown }
  | { kind: 'invalid'; issues: Array<{ path: string[]; message: string }> }
  | { kind: 'unusable'; reason: string };

export class ExpressionPool implements ExpressionIsolation {
  private readonly children: ChildPool;

  constructor(private readonly options: ExpressionPoolOptions = DEFAULT_EXPRESSION_POOL_OPTIONS) {
    this.children = new ChildPool(EXPRESSION_CHILD_SOURCE, options);
  }

  /** Evaluates when the requester's turn comes (see child-pool.ts); rejects with the signal's reason once it aborts. */
  async evaluate(request: IsolatedEvaluation, requester?: JobRequester): Promise<unknown> {
    const { expression, scope, bindings, timeoutMs, maxDepth } = request;
    const job = { kind: 'expression', expression, scope, bindings, timeoutMs, maxDepth, maxResultChars: this.options.maxResultChars };
    const outcome = await this.children.run(job, request.timeoutMs, requester);
    if (outcome.kind === 'aborted') throw requester?.signal?.reason ?? expressionError(request.expression, 'was cancelled');
    if (outcome.kind !== 'reply') throw expressionError(request.expression, this.failure(outcome, request.timeoutMs));
    const reply = expressionReplySchema.safeParse(outcome.reply);
    if (!reply.success) throw expressionError(request.expression, 'failed: the evaluator answered with an unexpected message');
    if (reply.data.kind === 'error') throw expressionError(request.expression, reply.data.message);
    return reply.data.json === null ? undefined : (JSON.parse(reply.data.json) as unknown);
  }

  /** Compiles a JSON Schema (`z.fromJSONSchema`) and, when `input` is given, parses the input with it. */
  async checkSchema(schema: unknown, input: unknown, timeoutMs: number, requester?: JobRequester): Promise<SchemaCheck> {
    // As text: the child caches compiled schemas by it.
    const job = { kind: 'schema', schemaJson: JSON.stringify(schema), input, maxResultChars: this.options.maxResultChars };
    const outcome = await this.children.run(job, timeoutMs, requester);
    if (outcome.kind === 'aborted') return { kind: 'unusable', reason: 'checking an input with it was cancelled' };
    if (outcome.kind !== 'reply') return { kind: 'unusable', reason: `checking an input with it ${this.failure(outcome, timeoutMs)}` };
    const reply = schemaReplySchema.safeParse(outcome.reply);
    if (!reply.success) return { kind: 'unusable', reason: 'the schema checker answered with an unexpected message' };
    const data = reply.data;
    switch (data.kind) {
      case 'ok':
        return { kind: 'ok', value: data.json === null ? undefined : (JSON.parse(data.json) as unknown) };
      case 'error':
      case 'unusable':
        return { kind: 'unusable', reason: data.message };
      case 'invalid':
        return { kind: 'invalid', issues: data.issues };
      default: {
        const unhandled: never = data;
        return unhandled;
      }
    }
  }

  /** Starts the children ahead of the first expression; resolves with how many are ready. */
  warmUp(): Promise<number> {
    return this.children.warmUp();
  }

  /** Stops every child (tests, benchmarks). */
  close(): void {
    this.children.close();
  }

  private failure(outcome: Exclude<ChildOutcome, { kind: 'reply' | 'aborted' }>, timeoutMs: number): string {
    if (outcome.kind === 'killed') return `ran longer than ${timeoutMs} ms and was stopped`;
    if (outcome.isOutOfMemory) return `ran out of memory (the evaluator's ${this.options.heapMb} MB) and was stopped`;
    return `stopped the evaluator (${outcome.detail})`;
  }
}

// One pool per process, kept across hot reloads so dev does not leak children.
const holder = globalThis as unknown as { __masteryExpressionPool?: ExpressionPool };

export function expressionPool(): ExpressionPool {
  holder.__masteryExpressionPool ??= new ExpressionPool();
  return holder.__masteryExpressionPool;
}
