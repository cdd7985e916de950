/**
 * A separate process that drives runs on a real database, for the crash test:
 *   crash-child.ts <pglite|postgres> <dataDir|url> <counterFile> start <runId>   — starts a run and works on it
 *   crash-child.ts <pglite|postgres> <dataDir|url> <counterFile> recover         — resumes what was RUNNING
 */
import { openDb, type DbTarget } from '@/server/db/connect';
import { builtInNodeTypes, createRegistry } from '@/server/nodes';
import type { RunId } from '@/server/engine/graph';
import { createRunRuntime } from '../runtime';
import { tickNode } from './tick-node';

const [mode, where, counterFile, command, runId] = process.argv.slice(2);
if (!mode || !where || !counterFile || !command) throw new Error('usage: crash-child <mode> <target> <counterFile> <start|recover> [runId]');
const target: DbTarget = mode === 'pglite' ? { kind: 'pglite', dataDir: where } : { kind: 'postgres', url: where };
const handle = openDb(target);
const runtime = createRunRuntime(handle.client, { registry: createRegistry([...builtInNodeTypes, tickNode(counterFile)]) });

const ids = command === 'recover' ? await runtime.engine.recover() : [runId as RunId];
if (command === 'start') await runtime.engine.start(runId as RunId);
for (const id of ids) await runtime.engine.settled(id);
await handle.close();
process.stdout.write(`settled ${ids.join(',')}\n`);
process.exit(0);
