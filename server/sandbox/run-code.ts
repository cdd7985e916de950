/**
 * Runs user JavaScript in the QuickJS sandbox: JSON in, JSON out. See pool.ts for how time and memory
 * are bounded, guest-worker-source.ts for what the guest can see (nothing of the host).
 */
import { SandboxError } from './errors';
import type { JobRequester } from './fair-queue';
import { SandboxPool } from './pool';

export interface CodeRequest {
  code: string;
  input: unknown;
  timeoutMs: number;
  memoryBytes: number;
  /** Largest result, as JSON text. */
  maxOutputBytes: number;
  /** Whose share of the sandbox it runs in, and the step's signal: aborted, the script is dropped or stopped. */
  requester?: JobRequester;
}

// One pool per process, kept across hot reloads so dev does not leak workers.
const holder = globalThis as unknown as { __masterySandbox?: SandboxPool };

export function sandboxPool(): SandboxPool {
  holder.__masterySandbox ??= new SandboxPool();
  return holder.__masterySandbox;
}

export async function runCode(request: CodeRequest, pool: SandboxPool = sandboxPool()): Promise<unknown> {
  const inputJson = JSON.stringify(request.input ?? null);
  const reply = await pool.run({ code: request.code, inputJson, timeoutMs: request.timeoutMs, memoryBytes: request.memoryBytes }, request.requester);
  if (reply.kind === 'error') throw classify(reply.message, request);
  if (Buffer.byteLength(reply.json) > request.maxOutputBytes) {
    throw new SandboxError('CODE_FAILED', `the result is larger than ${request.maxOutputBytes} bytes as JSON`);
  }
  return JSON.parse(reply.json) as unknown;
}

function classify(message: string, request: CodeRequest): SandboxError {
  if (/interrupted/i.test(message)) return new SandboxError('SANDBOX_TIMEOUT', `code ran longer than ${request.timeoutMs} ms and was stopped`);
  if (/out of memory|^InternalError: null$|^null$/i.test(message)) {
    return new SandboxError('SANDBOX_MEMORY', `code used more than ${Math.round(request.memoryBytes / 1024 / 1024)} MB of memory and was stopped`);
  }
  return new SandboxError('CODE_FAILED', `code threw ${message.slice(0, 1_000)}`);
}
