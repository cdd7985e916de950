/**
 * Executes one attempt of one step from a StepJob: the executor side of a Dispatcher. In-process it runs
 * in the engine's process; with a queue, a worker calls the same function. It never throws: every
 * failure becomes a `failed` outcome carrying a code and whether a retry may help.
 */
import { AppError, NodeError } from '@/server/errors';
import type { ExpressionLimits } from './expressions';
import { evaluateExpression, resolveTemplates } from './expressions';
import type { NodeId, RunId } from './graph';
import { nodeLabel } from './issue-format';
import { MAX_JSON_DEPTH, MAX_STEP_OUTPUT_CHARS, measureJson } from './json-limits';
import type { NodeRegistry, NodeResult, NodeType, PreparedStep, StepContext } from './node-type';
import type { Clock, Logger, StepError, StepHooks, StepJob, StepOutcome, UsageReport } from './ports';
import { NO_SERVICES, type NodeServices } from './node-services';

export interface StepExecutorDeps {
  registry: NodeRegistry;
  clock: Clock;
  logger: Logger;
  expressionLimits: ExpressionLimits;
  /** Capabilities for node types that need them (LLM, secrets, network policy…); none by default. */
  services?: NodeServices;
}

// Configs without templates are the same object on every attempt and run of a version: parse them once.
const preparedByConfig = new WeakMap<object, { nodeType: NodeType; prepared: PreparedStep }>();

export async function executeStep(job: StepJob, hooks: StepHooks, deps: StepExecutorDeps): Promise<StepOutcome> {
  try {
    const nodeType = deps.registry.get(job.nodeType);
    if (nodeType === undefined) {
      throw new NodeError('GRAPH_INVALID', `unknown node type "${job.nodeType}"`, { retryable: false });
    }
    const result = await prepare(nodeType, job)(new AttemptContext(job, hooks, deps));
    return toOutcome(nodeType, result);
  } catch (error) {
    return { kind: 'failed', error: toStepError(abortReasonOr(error, hooks.signal), job) };
  }
}

function toOutcome(nodeType: NodeType, result: NodeResult): StepOutcome {
  switch (result.kind) {
    case 'done': {
      const handles = result.handles ?? nodeType.outputs;
      const unknown = handles.find((handle) => !nodeType.outputs.includes(handle));
      if (unknown !== undefined) {
        throw new NodeError('NODE_FAILED', `took handle "${unknown}", which is not one of its outputs`, { retryable: false });
      }
      const outputChars = storableOutputChars(result.output);
      return { kind: 'succeeded', output: result.output, handles, outputChars };
    }
    case 'wait':
      return { kind: 'waiting', reason: result.reason, data: result.data, timeout: result.timeout };
    default: {
      const unhandled: never = result;
      throw new NodeError('NODE_FAILED', `returned an unknown result ${String(unhandled)}`, { retryable: false });
    }
  }
}

/**
 * Every node type's output is stored, sent to browsers and read by later steps, so one past the limits
 * fails its step here, for all node types at once, rather than the database write or a reader later.
 * Its size is returned: the run's bound on all its outputs counts it.
 */
function storableOutputChars(output: unknown): number {
  const measured = measureJson(output, { maxDepth: MAX_JSON_DEPTH, maxChars: MAX_STEP_OUTPUT_CHARS });
  if (measured.kind === 'ok') return measured.chars;
  const reason =
    measured.kind === 'too-large'
      ? `output is more than ${MAX_STEP_OUTPUT_CHARS.toLocaleString('en-US')} characters of JSON (8 MB), the most a step may return`
      : `output nests deeper than ${MAX_JSON_DEPTH} levels (at ${measured.path}), the most a step may return`;
  throw new NodeError('STEP_OUTPUT_TOO_LARGE', reason, { retryable: false });
}

/**
 * The `ctx` a node's execute receives. A class rather than an object of closures: thousands of steps a
 * second each build one, and prototype methods cost nothing per attempt. Call them on ctx (`ctx.evaluate`).
 */
class AttemptContext implements StepContext {
  readonly runId: RunId;
  readonly nodeId: NodeId;
  readonly nodeName: string;
  readonly attempt: number;
  readonly isResumed: boolean;
  readonly idempotencyKey: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly runInput: unknown;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly services: NodeServices;
  private attemptLogger: Logger | undefined;
  private attemptLimits: ExpressionLimits | undefined;

  constructor(
    private readonly job: StepJob,
    private readonly hooks: StepHooks,
    private readonly deps: StepExecutorDeps,
  ) {
    this.runId = job.runId;
    this.nodeId = job.nodeId;
    this.nodeName = job.nodeName;
    this.attempt = job.attempt;
    this.isResumed = job.isResumed;
    this.idempotencyKey = job.idempotencyKey;
    this.inputs = job.inputs;
    this.runInput = job.scope.input;
    this.signal = hooks.signal;
    this.clock = deps.clock;
    this.services = deps.services ?? NO_SERVICES;
  }

  get logger(): Logger {
    this.attemptLogger ??= withFields(this.deps.logger, { runId: this.runId, nodeId: this.nodeId, attempt: this.attempt });
    return this.attemptLogger;
  }

  reportUsage(usage: UsageReport): void {
    this.hooks.onUsage(usage);
  }

  emitPartial(chunk: unknown): void {
    this.hooks.onPartial(chunk);
  }

  evaluate(expression: string): Promise<unknown> {
    return evaluateExpression(expression, this.job.scope, this.limits);
  }

  resolveTemplates(value: unknown, bindings?: Readonly<Record<string, unknown>>): Promise<unknown> {
    return resolveTemplates(value, this.job.scope, this.limits, bindings);
  }

  /** With the attempt's signal: an evaluation of a step that timed out or was cancelled is not run. */
  private get limits(): ExpressionLimits {
    this.attemptLimits ??= { ...this.deps.expressionLimits, signal: this.signal };
    return this.attemptLimits;
  }
}

function prepare(nodeType: NodeType, job: StepJob): PreparedStep {
  const config = job.config;
  if (typeof config !== 'object' || config === null) return nodeType.prepare(config, { id: job.nodeId });
  const cached = preparedByConfig.get(config);
  if (cached !== undefined && cached.nodeType === nodeType) return cached.prepared;
  const prepared = nodeType.prepare(config, { id: job.nodeId });
  preparedByConfig.set(config, { nodeType, prepared });
  return prepared;
}

/** A node that rejects because its signal aborted failed *because of* the abort (timeout or cancel). */
function abortReasonOr(error: unknown, signal: AbortSignal): unknown {
  return signal.aborted && signal.reason instanceof AppError ? signal.reason : error;
}

export function toStepError(error: unknown, job: Pick<StepJob, 'nodeId' | 'nodeType' | 'attempt'>): StepError {
  const { nodeId, attempt } = job;
  const named = (message: string): string =>
    message.startsWith('Node "') ? message : `${nodeLabel({ id: nodeId, type: job.nodeType })}: ${message}`;
  if (error instanceof NodeError) return { code: error.code, message: named(error.message), retryable: error.retryable, nodeId, attempt };
  // Other typed errors (a failed expression, a refused budget) are deterministic: another attempt would fail alike.
  if (error instanceof AppError) return { code: error.code, message: named(error.message), retryable: false, nodeId, attempt };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'NODE_FAILED', message: named(message), retryable: true, nodeId, attempt };
}

function withFields(logger: Logger, fields: Record<string, unknown>): Logger {
  return {
    debug: (message, extra) => logger.debug(message, { ...fields, ...extra }),
    info: (message, extra) => logger.info(message, { ...fields, ...extra }),
    warn: (message, extra) => logger.warn(message, { ...fields, ...extra }),
    error: (message, extra) => logger.error(message, { ...fields, ...extra }),
  };
}
