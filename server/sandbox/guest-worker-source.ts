/**
 * The source of a sandbox worker thread, run with `new Worker(source, { eval: true })`. It is a string
 * because worker threads run plain JavaScript: this way the same code loads under vitest, tsx and the
 * Next server bundle, with no separate build step and no file path to find at run time.
 *
 * Each job gets a fresh QuickJS runtime and context (≈0.6 ms), so nothing a script changes (prototypes,
 * globals) survives into the next job. Only strings cross the boundary: the input as JSON text, the result
 * as JSON text made by the guest's own JSON.stringify. The guest sees no host object at all.
 */
export const GUEST_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { getQuickJS, shouldInterruptAfterDeadline } = require('quickjs-emscripten');
const quickjs = getQuickJS();

// The user's code is a function body that receives input; its return value becomes the step's output.
function wrap(code) {
  return [
    '"use strict";',
    'const __json = globalThis.__input; delete globalThis.__input;',
    'const __out = (function (input) { "use strict";',
    code,
    '\n}).call(undefined, JSON.parse(__json));',
    'if (__out !== null && typeof __out === "object" && typeof __out.then === "function") throw new TypeError("code must return a value, not a promise");',
    'JSON.stringify(__out === undefined ? null : __out);',
  ].join('\n');
}

function describe(dumped) {
  if (dumped && typeof dumped === 'object') {
    const name = typeof dumped.name === 'string' ? dumped.name : 'Error';
    const message = typeof dumped.message === 'string' ? dumped.message : JSON.stringify(dumped);
    return name + ': ' + message;
  }
  return dumped === null || dumped === undefined ? 'null' : String(dumped);
}

function run(module, job) {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(job.memoryBytes);
  runtime.setMaxStackSize(512 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + job.timeoutMs));
  const vm = runtime.newContext();
  let reply;
  try {
    const json = vm.newString(job.inputJson);
    vm.setProp(vm.global, '__input', json);
    json.dispose();
    const result = vm.evalCode(wrap(job.code), 'code.js');
    if (result.error) {
      const dumped = vm.dump(result.error);
      result.error.dispose();
      reply = { kind: 'error', message: describe(dumped) };
    } else {
      const out = vm.dump(result.value);
      result.value.dispose();
      reply = typeof out === 'string' ? { kind: 'ok', json: out } : { kind: 'error', message: 'TypeError: the result is not JSON-serialisable' };
    }
  } catch (error) {
    // QuickJS could not even build the exception (out of memory): the runtime may be damaged.
    reply = { kind: 'error', message: 'InternalError: ' + (error && error.message ? error.message : String(error)), recycle: true };
  }
  try {
    vm.dispose();
    runtime.dispose();
  } catch (error) {
    reply.recycle = true;
  }
  return reply;
}

parentPort.on('message', (job) => {
  quickjs.then(
    (module) => {
      parentPort.postMessage({ id: job.id, kind: 'started' });
      parentPort.postMessage(Object.assign({ id: job.id }, run(module, job)));
    },
    (error) => parentPort.postMessage({ id: job.id, kind: 'error', message: 'sandbox failed to start: ' + String(error), recycle: true }),
  );
});
`;
