/**
 * The production build for bench/editor.ts, the way e2e/support/web-server.ts starts it: a fresh data
 * folder, the database setup (migrations + demo seed) to completion, then `next start` on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export async function startBenchServer(root: string, secret: string): Promise<{ baseURL: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mastery-bench-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATA_DIR: dataDir,
    PORT: String(port),
    NEXTAUTH_URL: baseURL,
    NEXTAUTH_SECRET: secret,
    SEED_DEMO: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  const setup = spawn(process.execPath, ['--import', 'tsx', 'scripts/db/setup.ts'], { cwd: root, env, stdio: 'inherit' });
  const setupCode = await exitOf(setup);
  if (setupCode !== 0) {
    cleanUp();
    throw new Error(`Database setup failed (exit code ${setupCode})`);
  }
  const server = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: 'ignore' });
  const exited = exitOf(server);
  await waitForHttp(`${baseURL}/signin`, server, 120_000);
  return {
    baseURL,
    async stop() {
      if (server.exitCode === null) server.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}
