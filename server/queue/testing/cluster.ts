/**
 * Helpers for tests and benchmarks of queue mode with real processes: a fresh PostgreSQL database, a
 * Redis check, a counting HTTP endpoint, and queue-child.ts processes (coordinator, workers).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Redis } from 'ioredis';

const CHILD = path.resolve('server/queue/testing/queue-child.ts');

/** Whether Redis answers at `url` (within a second). */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Records every POST body; `calls` in arrival order. */
export interface Counter {
  url: string;
  calls: string[];
  close(): Promise<void>;
}

export async function startCounter(): Promise<Counter> {
  const calls: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls.push(body);
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/count`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Child {
  process: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the first stdout line that starts with `word`. */
  line(word: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export interface ChildSetup {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  counterUrl: string;
  env?: Record<string, string>;
}

export function startChild(role: 'coordinator' | 'worker', setup: ChildSetup): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, role, setup.databaseUrl, setup.redisUrl, setup.prefix, setup.counterUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...setup.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const line = (word: string, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role} printed no "${word}" in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      const check = () => {
        const found = stdout.split('\n').find((l) => l.startsWith(word));
        if (found === undefined) return;
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(found);
      };
      child.stdout.on('data', check);
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`${role} exited (${exit.code ?? exit.signal}) before "${word}": ${exit.stderr}`));
      });
      check();
    });
  return { process: child, line, exited };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
