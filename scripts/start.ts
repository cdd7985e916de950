/**
 * `npm start`: prepare the database (migrations + demo seed), build the app if the sources changed
 * since the last build, then serve it. The database is closed before the server opens it, because
 * only one process may hold the embedded database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { env } from '@/server/env';
import { prepareDatabase, appBaseUrl } from './db/prepare';

const SOURCES = ['app', 'components', 'server', 'public', 'next.config.js', 'package-lock.json', 'postcss.config.mjs', 'tsconfig.json'];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === 'generated' || child === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join('.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

try {
  await prepareDatabase();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

if (buildIsStale()) {
  console.log('Building the app (first start, or sources changed)…');
  run('npx', ['next', 'build']);
}

// next-auth reads NEXTAUTH_URL itself; default it to where this server listens.
const server = spawn('npx', ['next', 'start', '-p', String(env.PORT)], {
  stdio: 'inherit',
  env: { ...process.env, NEXTAUTH_URL: appBaseUrl() },
});
console.log(`Mastery Studio is starting at ${appBaseUrl()}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
