/**
 * The sandbox's proofs: guest code reaches nothing of the host, runaway code is stopped
 * with a clear error while the main thread keeps running, and nothing leaks from one run to the next.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from './pool';
import { runCode } from './run-code';
import { SandboxError } from './errors';

const pool = new SandboxPool({ size: 2, graceMs: 250 });
afterAll(() => pool.close());

const run = (code: string, input: unknown = {}, limits: { timeoutMs?: number; memoryBytes?: number } = {}) =>
  runCode({ code, input, timeoutMs: limits.timeoutMs ?? 500, memoryBytes: limits.memoryBytes ?? 16 * 1024 * 1024, maxOutputBytes: 1024 * 1024 }, pool);

async function failure(promise: Promise<unknown>): Promise<SandboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('expected the code to fail');
}

/** Counts main-thread timer ticks while `work` runs: a blocked event loop would count none. */
async function ticksDuring(work: Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 10);
  await work.catch(() => undefined);
  clearInterval(timer);
  return ticks;
}

describe('code sandbox', () => {
  it('returns a JSON value computed from the input', async () => {
    expect(await run('return { total: input.items.reduce((a, b) => a + b, 0) }', { items: [1, 2, 3] })).toEqual({ total: 6 });
    expect(await run('return undefined')).toBeNull();
  });

  it('gives the guest no process, require, fetch or host globals', async () => {
    expect(await run('return [typeof process, typeof require, typeof fetch, typeof Buffer, typeof globalThis.__input, typeof module]')).toEqual([
      'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined',
    ]);
  });

  it('finds only the guest Function behind constructor tricks', async () => {
    expect(await run("return globalThis.constructor.constructor('return typeof process')()")).toBe('undefined');
    expect(await run("return (function () { return this }).constructor.constructor('return [typeof this.process, typeof require]')()")).toEqual([
      'undefined', 'undefined',
    ]);
    expect(await run("return input.constructor.constructor('return typeof require')()")).toBe('undefined');
    // The guest's Function builds guest code: `process` is simply not defined there.
    const error = await failure(run("globalThis.constructor.constructor('return process')().exit(1)"));
    expect(error.code).toBe('CODE_FAILED');
    expect(error.message).toContain("ReferenceError: 'process' is not defined");
    expect((await failure(run("return this.constructor.constructor('return process')()"))).code).toBe('CODE_FAILED');
  });

  it('reaches nothing of the host through a thrown error', async () => {
    const code = "try { null.x } catch (e) { return [e.constructor.constructor('return typeof process')(), Object.getOwnPropertyNames(e).sort()] }";
    expect(await run(code)).toEqual(['undefined', ['message', 'stack']]);
    const thrown = await failure(run('throw { toString() { return "host?" }, constructor: 1 }'));
    expect(thrown.code).toBe('CODE_FAILED');
    // What comes back is a description, never a live object.
    expect(typeof thrown.message).toBe('string');
  });

  it('stops while(true){} at the time limit and keeps the main thread responsive', async () => {
    const started = performance.now();
    const work = run('while (true) {}', {}, { timeoutMs: 300 });
    const [error, ticks] = await Promise.all([failure(work), ticksDuring(work)]);
    expect(error.code).toBe('SANDBOX_TIMEOUT');
    expect(error.message).toContain('300 ms');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(ticks).toBeGreaterThan(10);
  });

  it('stops a huge allocation at the memory limit', async () => {
    const error = await failure(run("return 'a'.repeat(2 ** 29).length", {}, { memoryBytes: 16 * 1024 * 1024 }));
    expect(error.code).toBe('SANDBOX_MEMORY');
  });

  it('stops a growing allocation loop from outside, the event loop ticking meanwhile', async () => {
    const started = performance.now();
    const work = run("const a = []; while (true) a.push('x'.repeat(1e6))", {}, { timeoutMs: 300, memoryBytes: 32 * 1024 * 1024 });
    const [error, ticks] = await Promise.all([failure(work), ticksDuring(work)]);
    expect(['SANDBOX_TIMEOUT', 'SANDBOX_MEMORY']).toContain(error.code);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(ticks).toBeGreaterThan(10);
  });

  it('does not let prototype or global changes leak into the next run', async () => {
    await run("Object.prototype.polluted = 'yes'; Array.prototype.map = () => 'hijacked'; globalThis.leftover = 1; JSON.parse = () => 'evil'; return 1");
    expect(await run('return [({}).polluted ?? null, [1].map((x) => x * 2), typeof leftover, input.a]', { a: 1 })).toEqual([null, [2], 'undefined', 1]);
  });

  it('runs cleanly after a runaway was killed', async () => {
    await failure(run('while (true) {}', {}, { timeoutMs: 100 }));
    expect(await run('return input.n + 1', { n: 41 })).toBe(42);
  });

  it('refuses a promise and reports syntax errors', async () => {
    expect((await failure(run('return Promise.resolve(1)'))).message).toMatch(/not a promise/);
    expect((await failure(run('return {'))).message).toMatch(/SyntaxError/);
  });
});
