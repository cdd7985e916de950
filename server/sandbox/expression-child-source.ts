/**
 * The source of an expression child process, run with `node -e`. It is a string for the reason given in
 * guest-worker-source.ts: the same code loads under vitest, tsx and the Next server bundle, with no file
 * path to find at run time. `jsonata` and `zod` are resolved from the working directory, as the sandbox
 * worker resolves `quickjs-emscripten`.
 *
 * A child, not a worker thread: a V8 fatal error ("invalid size", heap exhausted) aborts the whole process
 * it happens in, worker threads included. Here it ends only this child; the parent fails the one job.
 *
 * The child says when it is ready, so its start-up never counts against a job's time. Jobs arrive one at a time. The deadline and depth hook is the same first line as in-process
 * (server/engine/expressions.ts); the parent's SIGKILL is the backstop for what one evaluation step can
 * do alone (a backtracking regex, a huge string).
 */
export const EXPRESSION_CHILD_SOURCE = String.raw`
'use strict';
// Both loaded before the child says it is ready: loading zod alone can take longer than a job's limit.
const jsonata = require('jsonata');
const { fromJSONSchema } = require('zod');

const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');
class LimitExceeded extends Error {}

// One job at a time, so the running job's limits can live here rather than in a binding.
let current = null;

function onEntry() {
  if (current === null) return;
  current.depth += 1;
  if (current.depth > current.maxDepth) throw new LimitExceeded('exceeded the depth limit of ' + current.maxDepth);
  if (performance.now() > current.deadline) throw new LimitExceeded('ran longer than ' + current.timeoutMs + ' ms');
}

function onExit() {
  if (current !== null) current.depth -= 1;
}

const compiled = new Map();
function compile(expression) {
  let found = compiled.get(expression);
  if (found !== undefined) return found;
  found = jsonata(expression);
  found.assign(ENTRY_HOOK, onEntry);
  found.assign(EXIT_HOOK, onExit);
  if (compiled.size >= 500) compiled.clear();
  compiled.set(expression, found);
  return found;
}

class NotData extends Error {}
function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function toPlain(value) {
  if (typeof value === 'function') throw new NotData('failed: it yields a function, which is not data');
  if (Array.isArray(value)) return value.map(toPlain);
  if (isPlainObject(value)) {
    // fromEntries defines keys: assigning a __proto__ key would set the prototype and lose the data.
    return Object.fromEntries(Object.keys(value).map((key) => [key, toPlain(value[key])]));
  }
  return value;
}

function describe(error) {
  if (error instanceof LimitExceeded || error instanceof NotData) return error.message;
  if (error instanceof RangeError) {
    if (/call stack/i.test(error.message)) return 'failed: recursed too deeply (call stack exhausted)';
    return 'built a value larger than the size limit (' + error.message + ')';
  }
  const fields = isPlainObject(error) ? error : {};
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const where = typeof fields.position === 'number' ? ' at position ' + fields.position : '';
  const code = typeof fields.code === 'string' ? ' (' + fields.code + where + ')' : '';
  return 'failed: ' + message + code;
}

function resultReply(value, maxResultChars) {
  if (value === undefined) return { kind: 'ok', json: null };
  let json;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    json = null; // longer than a string can be
  }
  if (json === null || json.length > maxResultChars) return { kind: 'error', message: 'yields more than ' + maxResultChars + ' characters of JSON, the limit' };
  return { kind: 'ok', json };
}

async function evaluate(job) {
  current = { depth: 0, deadline: performance.now() + job.timeoutMs, timeoutMs: job.timeoutMs, maxDepth: job.maxDepth };
  try {
    const value = await compile(job.expression).evaluate(job.scope, job.bindings);
    return resultReply(toPlain(value), job.maxResultChars);
  } catch (error) {
    return { kind: 'error', message: describe(error) };
  } finally {
    current = null;
  }
}

const schemas = new Map();
function checkSchema(job) {
  let schema = schemas.get(job.schemaJson);
  try {
    if (schema === undefined) {
      schema = fromJSONSchema(JSON.parse(job.schemaJson));
      if (schemas.size >= 200) schemas.clear();
      schemas.set(job.schemaJson, schema);
    }
    if (job.input === undefined) return { kind: 'ok', json: null };
    const parsed = schema.safeParse(job.input);
    if (parsed.success) return resultReply(parsed.data, job.maxResultChars);
    return { kind: 'invalid', issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) };
  } catch (error) {
    const message = error instanceof RangeError ? 'it refers to itself without end' : error && error.message ? error.message : String(error);
    return { kind: 'unusable', message };
  }
}

process.on('message', (job) => {
  const work = job.kind === 'expression' ? evaluate(job) : Promise.resolve(checkSchema(job));
  work.then((reply) => process.send(Object.assign({ id: job.id }, reply)));
});
// The parent is gone (or dropped this child): nothing more will come.
process.on('disconnect', () => process.exit(0));
// Modules loaded: the parent starts a job's clock only after this.
process.send({ ready: true });
`;
