/**
 * When steps start against the real store: a step with effects outside the run (`http`) never makes its
 * request before its RUNNING row is in the database, even after effect-free steps that ran ahead of the
 * store; the server it calls reads that row from the database while it answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb, queueRun } from '@/test/db';
import type { RunId } from '@/server/engine/graph';
import { chainEdges, makeGraph } from '@/server/engine/testing/make-graph';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { createNodeServices } from './node-services';
import { createRunRuntime, type RunRuntime } from './runtime';

/** What the server saw of the calling step's rows in the database, per request. */
interface Seen {
  step: string | null;
  attempt: string | null;
}

let server: Server;
let base = '';
let readRows: (runId: string) => Promise<Seen> = async () => ({ step: null, attempt: null });
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const runId = new URL(request.url ?? '/', 'http://local').searchParams.get('run') ?? '';
    void readRows(runId).then((rows) => {
      seen.push(rows);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function runtimeFor(db: PrismaClient): RunRuntime {
  const services = { ...createNodeServices(db), network: { privateNetwork: async () => ({ addresses: 'all' as const }) } };
  return createRunRuntime(db, { services });
}

describeEachDb('a step with effects outside the run', (getDb) => {
  it('makes its request only once its RUNNING row is stored, after effect-free steps that ran ahead', async () => {
    const db = getDb().client;
    readRows = async (runId) => {
      const step = await db.runStep.findUnique({ where: { runId_nodeId: { runId, nodeId: 'call' } } });
      const attempt = await db.stepRun.findFirst({ where: { runId, nodeId: 'call', attempt: 1 } });
      return { step: step?.status ?? null, attempt: attempt?.status ?? null };
    };
    const waits = Array.from({ length: 8 }, (_, i) => `wait${i + 1}`);
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        ...waits.map((id) => ({ id, type: 'delay', config: { ms: 1 } })),
        { id: 'call', type: 'http', config: { method: 'GET', url: `${base}/rows?run={{ run.id }}` } },
        { id: 'result', type: 'output', config: {} },
      ],
      edges: chainEdges('input', ...waits, 'call', 'result'),
    });
    const runtime = runtimeFor(db);
    const runIds: RunId[] = [];
    for (let i = 0; i < 5; i += 1) runIds.push((await queueRun(db, graph)) as RunId);
    seen.length = 0;
    // A slow disk: every commit takes 50 ms more, so the steps that run ahead are well ahead of the store.
    await db.$executeRawUnsafe(`CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.05); RETURN NULL; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER slow_commit AFTER INSERT OR UPDATE ON "RunStep" FOR EACH STATEMENT EXECUTE FUNCTION slow_commit()`);
    try {
      await Promise.all(runIds.map((id) => runtime.engine.start(id)));
      const runs = await Promise.all(runIds.map((id) => runtime.engine.untilAtRest(id)));
      expect(runs.map((run) => run.status)).toEqual(runIds.map(() => 'SUCCEEDED'));
    } finally {
      runtime.stop();
      await db.$executeRawUnsafe('DROP TRIGGER slow_commit ON "RunStep"');
      await db.$executeRawUnsafe('DROP FUNCTION slow_commit()');
    }
    expect(seen).toEqual(runIds.map(() => ({ step: 'RUNNING', attempt: 'RUNNING' })));
  });
});
