/**
 * The contract between the engine and a node type. A definition is one object:
 * editor metadata, the zod config schema (inspector form via z.toJSONSchema, validation on save, parsing
 * at run time), output handles, and `execute`.
 */
import type { z } from 'zod';
import { NodeError } from '@/server/errors';
import type { NodeId, RunId } from './graph';
import { describeIssue, nodeLabel } from './issue-format';
import type { Clock, Logger, UsageReport, WaitTimeout } from './ports';
import type { NodeServices } from './node-services';

export type NodeCategory = 'io' | 'logic' | 'data' | 'flow' | 'ai' | 'integration';

/** What execute gets besides its config. */
export interface StepContext {
  runId: RunId;
  nodeId: NodeId;
  nodeName: string;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** This attempt replaces one that a crash or restart interrupted. */
  isResumed: boolean;
  /** `runId:nodeId:attempt`. */
  idempotencyKey: string;
  /** Outputs of the upstream steps whose edge into this step was taken, by step id, in edge order. */
  inputs: Readonly<Record<string, unknown>>;
  /** The run's input (what the `input` node passes on). */
  runInput: unknown;
  /** Aborted on timeout and on cancel; pass it to every fetch, sleep and LLM call. */
  signal: AbortSignal;
  logger: Logger;
  clock: Clock;
  /** Ports for node types with side effects (see node-services.ts). */
  services: NodeServices;
  reportUsage(usage: UsageReport): void;
  /** Streams a partial output (LLM token delta) to live viewers; not stored. */
  emitPartial(chunk: unknown): void;
  /** Evaluates a raw JSONata expression against `{ input, steps, run }`, within the expression limits. */
  evaluate(expression: string): Promise<unknown>;
  /**
   * Resolves the `{{ }}` templates of a deferred field (see `deferredTemplateFields`), with extra
   * `$variables` that only the node may know (a map item). Never pass secret values: see `secretFields`.
   */
  resolveTemplates(value: unknown, bindings?: Readonly<Record<string, unknown>>): Promise<unknown>;
}
// The methods above may be prototype methods: call them on ctx (`ctx.evaluate(…)`), do not detach them.

export interface NodeContext<Config> extends StepContext {
  config: Config;
}

export type NodeResult =
  | { kind: 'done'; output: unknown; handles?: readonly string[] }
  | { kind: 'wait'; reason: string; data?: unknown; timeout?: WaitTimeout };

/** Finish with an output; `handles` picks the outgoing edges taken (all of the type's outputs by default). */
export function done(output: unknown, handles?: readonly string[]): NodeResult {
  return handles === undefined ? { kind: 'done', output } : { kind: 'done', output, handles };
}

/**
 * Park the step in WAITING until `engine.resolveWaiting` is called (e.g. a person approves). `data` is
 * stored as the waiting step's output (what a person is asked); with a `timeout`, the engine applies its
 * decision itself once `afterMs` passed, after a restart too.
 */
export function waitFor(reason: string, data?: unknown, timeout?: WaitTimeout): NodeResult {
  return timeout === undefined ? { kind: 'wait', reason, data } : { kind: 'wait', reason, data, timeout };
}

export interface NodeTypeMeta {
  /** The id used in graphs: a node of type `llm` lives in `server/nodes/llm.ts`. */
  type: string;
  title: string;
  category: NodeCategory;
  description: string;
  /** An icon name the editor maps to a glyph (lucide names). */
  icon: string;
  /** Output handles, e.g. ['out'] or ['true', 'false']; [] for a sink such as `output`. */
  outputs: readonly string[];
  /**
   * Top-level config keys that hold raw JSONata (not `{{ }}` templates): left unresolved for execute to
   * evaluate, and checked by validation for syntax and for reads of steps that are not upstream.
   */
  expressionFields?: readonly string[];
  /**
   * Top-level config keys whose `{{ }}` templates the engine leaves for execute to resolve with
   * `ctx.resolveTemplates(value, bindings)`.
   */
  deferredTemplateFields?: readonly string[];
  /**
   * Top-level config keys that may hold whole secrets, `{{ $secrets.NAME }}`; validation refuses `$secrets`
   * anywhere else. They are deferred too: execute puts the values in itself, outside JSONata (see
   * `server/engine/secret-refs.ts`), so a secret exists only inside execute, and run data cannot smuggle in
   * a `{{ $secrets.X }}` of its own (only the config as written is searched for secrets).
   */
  secretFields?: readonly string[];
  /**
   * The step passes on what flows into it (`passThrough`): always (`true`), or while the config key
   * `unlessSet` is empty. Validation warns when such a step has several upstream steps.
   */
  passesInput?: true | { unlessSet: string };
  /**
   * What running the step does besides producing its output. `'none'`: nothing outside the run (no
   * request, no model call, no child run, no person asked, no money spent), and nothing that can take the
   * process down (what could, a runaway expression or user code, runs in a child the engine kills). Such a
   * step may start before its RUNNING row is stored: a crash loses nothing that running it again would not
   * redo. `'outside'` (the default): it starts only once that row is stored, so a crash shows as an
   * interrupted attempt and is counted (process-crashes.ts).
   */
  effects?: StepEffects;
}

export type StepEffects = 'none' | 'outside';

export interface NodeTypeSpec<Schema extends z.ZodType> extends NodeTypeMeta {
  configSchema: Schema;
  execute(ctx: NodeContext<z.output<Schema>>): Promise<NodeResult>;
}

/** A step whose config is parsed and typed, ready to execute (possibly several times). */
export type PreparedStep = (ctx: StepContext) => Promise<NodeResult>;

/** A definition with its config type erased, as held by the registry. */
export interface NodeType extends Readonly<NodeTypeMeta> {
  readonly configSchema: z.ZodType;
  readonly expressionFields: readonly string[];
  readonly deferredTemplateFields: readonly string[];
  readonly secretFields: readonly string[];
  /** Parses a config (templates resolved); throws NodeError NODE_CONFIG_INVALID naming node and field. */
  prepare(config: unknown, node: { id: string }): PreparedStep;
}

export interface NodeRegistry {
  get(type: string): NodeType | undefined;
}

/**
 * Erases the config type behind a closure: the parsed config never leaves `prepare`, so the registry
 * holds different node types without casts.
 */
export function defineNodeType<Schema extends z.ZodType>(spec: NodeTypeSpec<Schema>): NodeType {
  const { execute, configSchema, ...meta } = spec;
  return {
    ...meta,
    configSchema,
    expressionFields: spec.expressionFields ?? [],
    // A field that takes secrets is deferred by construction: the engine must never resolve it.
    deferredTemplateFields: [...new Set([...(spec.deferredTemplateFields ?? []), ...(spec.secretFields ?? [])])],
    secretFields: spec.secretFields ?? [],
    prepare(config, node) {
      const parsed = configSchema.safeParse(config);
      if (!parsed.success) {
        // Parse again asking zod for the offending values: slower, and only on the failure path.
        const issues = configSchema.safeParse(config, { reportInput: true }).error?.issues ?? parsed.error.issues;
        const details = issues.map((issue) => describeIssue('config', issue)).join('; ');
        throw new NodeError('NODE_CONFIG_INVALID', `${nodeLabel({ id: node.id, type: spec.type })}: ${details}`, {
          retryable: false,
          nodeId: node.id,
        });
      }
      const typed = parsed.data;
      // Object.assign, not a spread: ctx may be a class whose methods live on its prototype.
      return (ctx) => execute(Object.assign(ctx, { config: typed }));
    },
  };
}

/**
 * What a pass-through step (`delay`, `output` without a result, `mastery` without an input) passes on:
 * the upstream output when exactly one flowed in, else null. With several, downstream steps read each
 * parent by `steps.<id>.output`, or a `merge` step combines them: a pass-through step never builds an
 * object of its parents, which in a wide layered graph nested every level's outputs into the next.
 */
export function passThrough(inputs: Readonly<Record<string, unknown>>): unknown {
  let only: unknown = null;
  let count = 0;
  for (const id in inputs) {
    only = inputs[id];
    count += 1;
    if (count > 1) return null;
  }
  return only;
}
