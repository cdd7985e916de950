/**
 * A run's input against the version's input schema (JSON Schema), checked before any run is created, and
 * the schema itself, checked when a version is saved. `z.fromJSONSchema` compiles and applies the schema
 * in an expression child process (server/sandbox/expression-pool.ts): a `pattern` may backtrack for
 * minutes on a short input, and that must stall only a child, killed at the time limit.
 */
import { InputError } from '@/server/errors';
import { isPlainObject } from '@/server/engine/templates';
import { expressionPool, type ExpressionPool } from '@/server/sandbox/expression-pool';
import type { JobRequester } from '@/server/sandbox/fair-queue';
import { findRefCycle } from './input-schema-refs';
import { MAX_INPUT_BYTES } from './schemas';

/** Wall-clock limit of compiling a schema and checking one input with it. */
export const INPUT_SCHEMA_TIME_LIMIT_MS = 1_000;

export type SchemaChecker = Pick<ExpressionPool, 'checkSchema'>;

export async function checkRunInput(
  inputSchema: unknown,
  input: Record<string, unknown>,
  teamId: string,
  checker: SchemaChecker = expressionPool(),
): Promise<Record<string, unknown>> {
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_INPUT_BYTES) {
    throw new InputError(`The run input is ${size} bytes; at most ${MAX_INPUT_BYTES} are allowed`, [{ path: 'input', message: 'Input too large' }]);
  }
  if (!hasSchema(inputSchema)) return input;
  assertNoRefCycle(inputSchema);
  const checked = await checker.checkSchema(inputSchema, input, INPUT_SCHEMA_TIME_LIMIT_MS, validationBy(teamId));
  switch (checked.kind) {
    case 'ok':
      return isPlainObject(checked.value) ? (withKeysSetAside(checked.value, input) as Record<string, unknown>) : input;
    case 'unusable':
      throw unusable(checked.reason);
    case 'invalid': {
      const issues = checked.issues.map((issue) => ({ path: ['input', ...issue.path].join('.'), message: issue.message }));
      const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      throw new InputError(`The input does not match the mastery's input schema: ${summary}`, issues);
    }
    default: {
      const unhandled: never = checked;
      return unhandled;
    }
  }
}

/** Refuses, with 400 naming `settings.inputSchema`, a schema that cannot check inputs (on save). */
export async function assertUsableInputSchema(inputSchema: unknown, teamId: string, checker: SchemaChecker = expressionPool()): Promise<void> {
  if (!hasSchema(inputSchema)) return;
  assertNoRefCycle(inputSchema);
  const checked = await checker.checkSchema(inputSchema, undefined, INPUT_SCHEMA_TIME_LIMIT_MS, validationBy(teamId));
  if (checked.kind === 'unusable') throw unusable(checked.reason);
}

/** Checks count in the team's share of the pool, all of them as one unit beside its runs. */
function validationBy(teamId: string): JobRequester {
  return { team: teamId, run: 'input-schema' };
}

function hasSchema(inputSchema: unknown): inputSchema is Record<string, unknown> {
  return isPlainObject(inputSchema) && Object.keys(inputSchema).length > 0;
}

function assertNoRefCycle(inputSchema: Record<string, unknown>): void {
  const at = findRefCycle(inputSchema);
  if (at !== undefined) throw unusable(`"$ref" at ${at} leads back to a schema that contains it; an input schema cannot refer to itself`);
}

function unusable(reason: string): InputError {
  return new InputError(`The mastery's input schema (settings.inputSchema) cannot be used: ${reason}`, [
    { path: 'settings.inputSchema', message: reason },
  ]);
}

/**
 * zod copies objects by assignment, so checking an input drops a `__proto__` key (the assignment sets the
 * prototype instead). Such a key is data like any other: it is put back, as an own property, from the
 * input as sent. Everything else comes from the checked value (defaults filled in by the schema).
 */
function withKeysSetAside(checked: unknown, sent: unknown): unknown {
  if (Array.isArray(checked) && Array.isArray(sent)) return checked.map((item, index) => withKeysSetAside(item, sent[index]));
  if (!isPlainObject(checked) || !isPlainObject(sent)) return checked;
  const copy: Record<string, unknown> = {};
  const define = (key: string, value: unknown) => Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(checked)) define(key, Object.hasOwn(sent, key) ? withKeysSetAside(checked[key], sent[key]) : checked[key]);
  if (Object.hasOwn(sent, '__proto__') && !Object.hasOwn(checked, '__proto__')) define('__proto__', sent.__proto__);
  return copy;
}
