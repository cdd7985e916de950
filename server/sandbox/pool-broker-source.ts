/**
 * The source of the pool broker, a small long-lived child process (`node -e`) that starts, times and
 * kills the expression children on the server's behalf. Why a broker: starting a process forks the one
 * that asks, and forking the server (hundreds of MB, the embedded database inside) blocked its event loop
 * for 100-200 ms per child; forking this small process costs a few ms of its own time. The server starts
 * the broker once, and every replacement of a killed child happens here.
 *
 * The broker runs no user code; the server hands it at most `size` jobs at a time and orders the rest
 * itself (fair-queue.ts). On `{ kind: 'cancel', id }` it kills the child running that job (or drops it
 * while it waits for a child) and answers `killed`. On `{ kind: 'warm' }` it starts its children ahead
 * of the first job and answers `{ warmed: n }` once they are ready. Per job: wait for a ready child
 * (start one when fewer than `size` live), send the job, SIGKILL the child at `limitMs + graceMs`,
 * answer the server with the outcome: `{ kind: 'reply', reply }`, `{ kind: 'killed' }`, or `{ kind: 'died', isOutOfMemory, detail }`.
 */
export const POOL_BROKER_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { setPriority } = require('node:os');

// Lower than the server's priority: a runaway child then takes only CPU the server leaves unused.
const CHILD_NICENESS = 10;
const STDERR_TAIL = 4096;
const OUT_OF_MEMORY = /out of memory|invalid size|allocation failed|invalid array length|invalid string length/i;

let config = null;
const children = new Set();
const idle = [];
const queue = [];
// Jobs at a child, by id: how to stop each early.
const running = new Map();

function answer(id, outcome) {
  process.send({ id, outcome });
}

function exitDetail(code, signal) {
  return signal === null ? 'exit code ' + code : 'signal ' + signal;
}

function drop(child) {
  children.delete(child);
  const at = idle.indexOf(child);
  if (at !== -1) idle.splice(at, 1);
  child.process.kill('SIGKILL');
}

function startChild() {
  const proc = spawn(process.execPath, ['--max-old-space-size=' + config.heapMb, '-e', config.childSource], {
    env: { NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  const child = { process: proc, isReady: false, stderrTail: '' };
  children.add(child);
  proc.stderr.setEncoding('utf8').on('data', (chunk) => {
    child.stderrTail = (child.stderrTail + chunk).slice(-STDERR_TAIL);
  });
  proc.once('message', () => {
    child.isReady = true;
    idle.push(child);
    pump();
  });
  proc.on('close', (code, signal) => {
    drop(child);
    // A child that could not even start (its modules missing) fails the oldest waiting job, so the
    // failure is seen rather than waited on forever; the next job tries a new child.
    const waiting = child.isReady ? undefined : queue.shift();
    if (waiting !== undefined) {
      const detail = 'it could not start (' + exitDetail(code, signal) + '): ' + child.stderrTail.slice(-500);
      answer(waiting.id, { kind: 'died', isOutOfMemory: false, detail });
    }
    pump();
  });
  proc.on('error', () => proc.kill('SIGKILL'));
  try {
    setPriority(proc.pid, CHILD_NICENESS);
  } catch (error) {
    // Some systems refuse priority changes: the child then runs at normal priority, still bounded in time.
  }
}

function dispatch(child, pending) {
  const proc = child.process;
  let isSettled = false;
  const finish = (outcome, isReusable) => {
    if (isSettled) return;
    isSettled = true;
    running.delete(pending.id);
    clearTimeout(timer);
    proc.off('message', onMessage);
    proc.off('close', onClose);
    if (isReusable) idle.push(child);
    else drop(child);
    answer(pending.id, outcome);
    pump();
  };
  const onMessage = (message) => finish({ kind: 'reply', reply: message }, message !== null && typeof message === 'object' && message.id === pending.id);
  // 'close', not 'exit': by then stderr has been read, which tells a heap exhaustion apart.
  const onClose = (code, signal) => finish({ kind: 'died', isOutOfMemory: OUT_OF_MEMORY.test(child.stderrTail), detail: exitDetail(code, signal) }, false);
  const timer = setTimeout(() => finish({ kind: 'killed' }, false), pending.limitMs + config.graceMs);
  running.set(pending.id, () => finish({ kind: 'killed' }, false));
  proc.on('message', onMessage);
  proc.on('close', onClose);
  try {
    proc.send(Object.assign({}, pending.job, { id: pending.id }), (error) => {
      if (error) finish({ kind: 'died', isOutOfMemory: false, detail: error.message }, false);
    });
  } catch (error) {
    finish({ kind: 'died', isOutOfMemory: false, detail: error && error.message ? error.message : String(error) }, false);
  }
}

function pump() {
  while (queue.length > 0 && idle.length > 0) dispatch(idle.pop(), queue.shift());
  let starting = 0;
  for (const child of children) if (!child.isReady) starting += 1;
  let missing = Math.min(queue.length - starting, config.size - children.size);
  for (; missing > 0; missing -= 1) startChild();
}

// Answers once \`size\` children are ready, starting those missing: a first expression then waits for none.
function warm() {
  for (let missing = config.size - children.size; missing > 0; missing -= 1) startChild();
  const check = () => {
    let ready = 0;
    for (const child of children) if (child.isReady) ready += 1;
    if (ready >= config.size || children.size < config.size) process.send({ warmed: ready });
    else setTimeout(check, 20);
  };
  check();
}

// The server no longer wants the job: a waiting one is dropped, a running one's child is killed.
function cancel(id) {
  const stop = running.get(id);
  if (stop !== undefined) {
    stop();
    return;
  }
  const at = queue.findIndex((pending) => pending.id === id);
  if (at !== -1) {
    queue.splice(at, 1);
    answer(id, { kind: 'killed' });
  }
}

process.on('message', (message) => {
  if (message.kind === 'config') {
    config = message;
    process.send({ ready: true });
    return;
  }
  if (message.kind === 'warm') {
    warm();
    return;
  }
  if (message.kind === 'cancel') {
    cancel(message.id);
    return;
  }
  queue.push(message);
  pump();
});
// The server is gone: so are its children.
process.on('disconnect', () => {
  for (const child of children) child.process.kill('SIGKILL');
  process.exit(0);
});
`;
