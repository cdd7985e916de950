/**
 * The engine side of one attempt: resolve the config's templates, hand the job to the Dispatcher, and
 * enforce the step's time limit around it. The common case (no templates, no time limit) adds no
 * closure and no extra promise: this runs for every step.
 */
import type { ExpressionLimits, ExpressionScope } from './expressions';
import { resolveTemplates } from './expressions';
import type { RunId } from './graph';
import type { IndexedNode } from './graph-index';
import type { AttemptUsage, Clock, Dispatcher, StepHooks, StepJob, StepOutcome, UsageReport } from './ports';
import { ZERO_USAGE, addUsage } from './ports';
import { toStepError } from './step-executor';
import { withTimeout } from './step-timeout';
import { isPlainObject } from './templates';

/** Where an attempt's side channel goes: the scheduler, which drops anything from a stale attempt. */
export interface AttemptSink {
  isCurrent(index: number, attempt: number): boolean;
  publishPartial(index: number, attempt: number, chunk: unknown): void;
}

/** The hooks of one attempt; the usage it reported is read when the attempt ends. */
export class AttemptHooks implements StepHooks {
  usage: AttemptUsage = ZERO_USAGE;

  constructor(
    public signal: AbortSignal,
    private readonly sink: AttemptSink,
    private readonly index: number,
    private readonly attempt: number,
  ) {}

  onUsage(report: UsageReport): void {
    if (!this.sink.isCurrent(this.index, this.attempt)) return;
    // Tokens and cost add up over the attempt's calls; the model and agent are those of the last call.
    const { model, agentId, agentVersion } = report;
    const previous = this.usage;
    this.usage = { ...addUsage(previous, report), model, agentId, agentVersion };
    // One estimated call makes the attempt's figures an estimate; alerts of every call are kept.
    if (previous.isEstimated === true || report.isEstimated === true) this.usage.isEstimated = true;
    const alerts = [...(previous.budgetAlerts ?? []), ...(report.budgetAlerts ?? [])];
    if (alerts.length > 0) this.usage.budgetAlerts = alerts;
  }

  onPartial(chunk: unknown): void {
    this.sink.publishPartial(this.index, this.attempt, chunk);
  }
}

export interface AttemptRequest {
  runId: RunId;
  node: IndexedNode;
  attempt: number;
  isResumed: boolean;
  inputs: Readonly<Record<string, unknown>>;
  scope: ExpressionScope;
  hooks: AttemptHooks;
}

export interface AttemptDeps {
  dispatcher: Dispatcher;
  clock: Clock;
  expressionLimits: ExpressionLimits;
}

export function runAttempt(request: AttemptRequest, deps: AttemptDeps): Promise<StepOutcome> {
  return request.node.hasTemplates ? resolveAndDispatch(request, deps) : dispatch(request, request.node.config, deps);
}

async function resolveAndDispatch(request: AttemptRequest, deps: AttemptDeps): Promise<StepOutcome> {
  let config: unknown;
  try {
    // The run's signal: templates of a cancelled run are not evaluated.
    config = await resolveConfig(request.node, request.scope, { ...deps.expressionLimits, signal: request.hooks.signal });
  } catch (error) {
    return failed(request.node, request.attempt, error);
  }
  return dispatch(request, config, deps);
}

function dispatch(request: AttemptRequest, config: unknown, deps: AttemptDeps): Promise<StepOutcome> {
  const { node, runId, attempt, hooks } = request;
  const job: StepJob = {
    runId,
    nodeId: node.id,
    nodeName: node.name,
    nodeType: node.type,
    attempt,
    isResumed: request.isResumed,
    idempotencyKey: `${runId}:${node.id}:${attempt}`,
    config,
    inputs: request.inputs,
    scope: request.scope,
    referencedSteps: node.referencedSteps,
  };
  if (node.timeoutMs === undefined) return deps.dispatcher.dispatch(job, hooks);
  const runSignal = hooks.signal;
  return withTimeout(
    (signal) => {
      hooks.signal = signal;
      return deps.dispatcher.dispatch(job, hooks);
    },
    { clock: deps.clock, timeoutMs: node.timeoutMs, parent: runSignal, onTimeout: (error) => failed(node, attempt, error) },
  );
}

export function failed(node: Pick<IndexedNode, 'id' | 'type'>, attempt: number, error: unknown): StepOutcome {
  return { kind: 'failed', error: toStepError(error, { nodeId: node.id, nodeType: node.type, attempt }) };
}

/** Templates resolve everywhere except in the raw-expression and deferred fields, which execute resolves itself. */
async function resolveConfig(node: IndexedNode, scope: ExpressionScope, limits: ExpressionLimits): Promise<unknown> {
  const { expressionFields, deferredTemplateFields } = node.nodeType;
  const fields = deferredTemplateFields.length === 0 ? expressionFields : [...expressionFields, ...deferredTemplateFields];
  if (fields.length === 0 || !isPlainObject(node.config)) return resolveTemplates(node.config, scope, limits);
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node.config)) {
    resolved[key] = fields.includes(key) ? value : await resolveTemplates(value, scope, limits);
  }
  return resolved;
}
