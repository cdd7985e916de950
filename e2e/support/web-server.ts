/**
 * What Playwright's webServer runs (see playwright.config.ts): the production build on a fresh, throwaway
 * data folder, so specs never depend on, or damage, a developer's own `data/`.
 *
 * The database setup (migrations + demo seed) runs first and exits before `next start` opens the folder,
 * because only one process may hold an embedded database. Playwright stops this process group with
 * SIGTERM; the folder is removed once the server has exited (E2E_KEEP_DATA=1 keeps it for inspection).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const port = process.env.PORT;
if (!port) throw new Error('e2e/support/web-server.ts: PORT must be set (playwright.config.ts sets it).');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mastery-e2e-'));
const isKeepingData = process.env.E2E_KEEP_DATA === '1';
// The embedded database, always: a DATABASE_URL from the developer's shell must not point the tests at it.
const { DATABASE_URL: _ignored, ...inherited } = process.env;
const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: dataDir };

let current: ChildProcess | undefined;
let isStopping = false;

function cleanUp(): void {
  if (isKeepingData) console.log(`E2E_KEEP_DATA=1: the test database stays in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.on('exit', cleanUp);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    isStopping = true;
    if (current && current.exitCode === null) current.kill(signal);
    else process.exit(0);
  });
}

function run(command: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    current = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    current.once('error', reject);
    current.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

console.log(`Test database: ${dataDir}`);
const setupCode = await run(process.execPath, ['--import', 'tsx', 'scripts/db/setup.ts']);
if (setupCode !== 0 || isStopping) process.exit(isStopping ? 0 : setupCode);
const nextBin = path.join(root, 'node_modules/.bin/next');
const serverCode = await run(nextBin, ['start', '--port', port, '--hostname', '127.0.0.1']);
process.exit(isStopping ? 0 : serverCode);
