/**
 * Limits on the JSON a person or a step hands us: how deep it nests and how large it is. Measured by a
 * loop with its own stack, never by recursion, so a value nested 10,000 deep is refused with its path
 * instead of overflowing the call stack (which surfaced as a 500, or a run that could not be read).
 */
import { z } from 'zod';
import { nonJsonPart } from './json-values';

/** Nesting levels a run input, a graph, a node config or a step output may have (the value itself is level 0). */
export const MAX_JSON_DEPTH = 64;

/**
 * A step's output, as characters of JSON (about bytes for ASCII text): 8 MB. Outputs are stored, sent
 * to the browser and read by later steps; a larger result belongs in a file or a service, not a step.
 */
export const MAX_STEP_OUTPUT_CHARS = 8 * 1024 * 1024;

/**
 * All the outputs one run keeps at once, summed as characters of JSON: 128 MB, sixteen outputs at the
 * step limit. The engine holds every succeeded step's output for expressions and later steps, and each is
 * written twice (step and attempt row); without a bound, a graph of merges that each gather their
 * parents' outputs grew one run past 4 GB of server memory. Writing them still costs about ten times
 * their size in server memory at its peak, and a commit that groups many of them is one string, which
 * V8 caps at 512 MB: 256 MB would leave no room for that.
 */
export const MAX_RUN_OUTPUTS_CHARS = 128 * 1024 * 1024;

/** How much JSON one run's outputs may add up to; tests lower it. */
export interface RunLimits {
  maxOutputsChars: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = { maxOutputsChars: MAX_RUN_OUTPUTS_CHARS };

export type JsonMeasure =
  | { kind: 'ok'; chars: number }
  | { kind: 'too-deep'; path: string }
  | { kind: 'too-large'; chars: number };

/** One value still to visit; paths are rebuilt from the parent chain only when one is reported. */
interface Frame {
  value: unknown;
  depth: number;
  key: string | number;
  parent: Frame | undefined;
}

function pathOf(frame: Frame | undefined): string {
  const keys: Array<string | number> = [];
  for (let at = frame; at?.parent !== undefined; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * Walks `value` as JSON.stringify would see it, stopping at the first level deeper than `maxDepth`
 * (its dotted path is returned) or once the text would pass `maxChars`. The count is JSON's length up to
 * escapes inside strings, which it does not add.
 */
export function measureJson(value: unknown, limits: { maxDepth: number; maxChars?: number }): JsonMeasure {
  const maxChars = limits.maxChars ?? Number.POSITIVE_INFINITY;
  const stack: Frame[] = [{ value, depth: 0, key: '', parent: undefined }];
  let chars = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const current = frame.value;
    chars += scalarChars(current);
    if (typeof current === 'object' && current !== null) {
      const depth = frame.depth + 1;
      chars += 2;
      if (Array.isArray(current)) {
        if (current.length > 0 && depth > limits.maxDepth) return { kind: 'too-deep', path: pathOf({ value: undefined, depth, key: 0, parent: frame }) };
        chars += Math.max(current.length - 1, 0);
        for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], depth, key: i, parent: frame });
      } else {
        const fields = current as Record<string, unknown>;
        for (const key in fields) {
          if (!Object.hasOwn(fields, key)) continue;
          const item = fields[key];
          if (item === undefined || typeof item === 'function') continue;
          if (depth > limits.maxDepth) return { kind: 'too-deep', path: pathOf({ value: undefined, depth, key, parent: frame }) };
          chars += key.length + 4;
          stack.push({ value: item, depth, key, parent: frame });
        }
      }
    }
    if (chars > maxChars) return { kind: 'too-large', chars };
  }
  return { kind: 'ok', chars };
}

/** The characters of JSON `value` takes, by the same count as `measureJson`, with no limit. */
export function jsonChars(value: unknown): number {
  const measured = measureJson(value, { maxDepth: Number.POSITIVE_INFINITY });
  return measured.kind === 'ok' ? measured.chars : 0;
}

function scalarChars(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return String(value).length;
    case 'object':
      return value === null ? 4 : 0;
    default:
      return 0;
  }
}

/** The path of the first level past `maxDepth`, or undefined when `value` nests no deeper. */
export function tooDeepPath(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  const measured = measureJson(value, { maxDepth });
  return measured.kind === 'too-deep' ? measured.path : undefined;
}

function refuseTooDeep(value: unknown, ctx: z.RefinementCtx): void {
  const path = tooDeepPath(value);
  if (path !== undefined) {
    ctx.addIssue({ code: 'custom', message: `nests deeper than ${MAX_JSON_DEPTH} levels (at ${path})` });
    return;
  }
  // Depth first: the walk below needs a value known not to nest past the limit.
  const part = nonJsonPart(value);
  if (part !== undefined) ctx.addIssue({ code: 'custom', message: `must be plain JSON; ${part.what}`, path: part.path });
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * A person's JSON object (a run input), kept as given; refused past the depth limit, or naming the path
 * of a value JSON cannot hold (a BigInt, NaN, a Date, a Map, …). Not `z.record`: zod's record, object and json
 * schemas copy keys by assignment, which drops a `__proto__` key silently.
 */
export const jsonObjectSchema = z.custom<Record<string, unknown>>(isJsonObject, { message: 'must be a JSON object' }).superRefine(refuseTooDeep);

/** Any JSON value, kept as given, refused past the depth limit or when not plain JSON. */
export const jsonValueSchema = z.unknown().superRefine(refuseTooDeep);
