/**
 * A separate process that drives runs on a real database, for the crash tests:
 *   crash-child.ts <pglite|postgres> <dataDir|url> <counterFile> start <runId>   — starts a run and works on it
 *   crash-child.ts <pglite|postgres> <dataDir|url> <counterFile> recover         — resumes what was RUNNING
 *   crash-child.ts <pglite|postgres> <dataDir|url> <counterFile> serve           — starts as the server does
 *     (resumes what a previous process left unfinished), then answers `GET /runs/<id>` with that run's
 *     status and error once it settled, until it is killed; prints `listening <port>` when it answers.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDb, type DbTarget } from '@/server/db/connect';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import type { RunId } from '@/server/engine/graph';
import { createRunRuntime, type RunRuntime } from '../runtime';
import { crashNode } from './crash-node';
import { tickNode } from './tick-node';

const [mode, where, counterFile, command, runId] = process.argv.slice(2);
if (!mode || !where || !counterFile || !command) throw new Error('usage: crash-child <mode> <target> <counterFile> <start|recover|serve> [runId]');
const target: DbTarget = mode === 'pglite' ? { kind: 'pglite', dataDir: where } : { kind: 'postgres', url: where };
const handle = openDb(target);
const testTypes = [tickNode(counterFile), tickNode(counterFile, 'none'), crashNode(counterFile), crashNode(counterFile, 'none')];
const runtime = createRunRuntime(handle.client, { registry: createRegistry([...builtInNodeTypes, ...testTypes]) });

function serve(runtime: RunRuntime): void {
  const server = createServer((request, response) => {
    const id = /^\/runs\/([\w-]+)$/.exec(request.url ?? '')?.[1];
    if (id === undefined) {
      response.writeHead(404).end();
      return;
    }
    runtime.engine.untilAtRest(id as RunId).then(
      (run) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: run.status, error: run.error ?? null })),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
}

if (command === 'serve') {
  await runtime.engine.recover();
  serve(runtime);
} else {
  const ids = command === 'recover' ? await runtime.engine.recover() : [runId as RunId];
  if (command === 'start') await runtime.engine.start(runId as RunId);
  for (const id of ids) await runtime.engine.untilAtRest(id);
  await handle.close();
  process.stdout.write(`settled ${ids.join(',')}\n`);
  process.exit(0);
}
