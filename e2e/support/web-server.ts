/**
 * What Playwright's webServer runs (see playwright.config.ts): the production build on a fresh, throwaway
 * data folder, so specs never depend on, or damage, a developer's own `data/`.
 *
 * The database setup (migrations + demo seed) runs first and exits before `next start` opens the folder,
 * because only one process may hold an embedded database. Playwright stops this process group with
 * SIGTERM; the folder is removed once the server has exited (E2E_KEEP_DATA=1 keeps it for inspection).
 *
 * LLM steps reach the mock OpenAI server (test/openai-mock), started here on a free port and closed when
 * the app stops: no spec reaches the internet, and its unscripted answers stream slowly enough for a spec
 * to watch the text arrive in the run panel.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMockOpenAi } from '../../test/openai-mock/server';

const root = path.resolve(import.meta.dirname, '../..');
const port = process.env.PORT;
if (!port) throw new Error('e2e/support/web-server.ts: PORT must be set (playwright.config.ts sets it).');

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mastery-e2e-'));
const isKeepingData = process.env.E2E_KEEP_DATA === '1';
// ~30 pieces an answer: each llm step streams for about 2.5 s, long enough to be seen while it runs.
const mockOpenAi = await startMockOpenAi({ defaultChunkDelayMs: 80 });
// The embedded database, always: a DATABASE_URL from the developer's shell must not point the tests at it.
// Likewise the mock LLM provider, never a real one the developer's shell may name.
const { DATABASE_URL: _ignored, ...inherited } = process.env;
const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: dataDir, OPENAI_BASE_URL: mockOpenAi.url, OPENAI_API_KEY: 'mock' };

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

async function closeMockAndExit(code: number): Promise<never> {
  await mockOpenAi.close();
  process.exit(code);
}

console.log(`Test database: ${dataDir}`);
console.log(`Mock OpenAI server: ${mockOpenAi.url}`);
const setupCode = await run(process.execPath, ['--import', 'tsx', 'scripts/db/setup.ts']);
if (setupCode !== 0 || isStopping) await closeMockAndExit(isStopping ? 0 : setupCode);
const nextBin = path.join(root, 'node_modules/.bin/next');
const serverCode = await run(nextBin, ['start', '--port', port, '--hostname', '127.0.0.1']);
await closeMockAndExit(isStopping ? 0 : serverCode);
