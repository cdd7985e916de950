/**
 * Re-runs over the real database and real HTTP: a local server counts the calls each http step makes,
 * so a re-run from the failed step is seen to call only the failed step and what follows it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, trpcFailure } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { createNodeServices } from './node-services';
import { createRunRuntime, type RunRuntime } from './runtime';

/** Calls by path, and the query each call of /check was sent. */
const calls = new Map<string, number>();
const checked: string[] = [];
/** /check answers 503 while this is above zero, counting down. */
let checkFailures = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    calls.set(url.pathname, (calls.get(url.pathname) ?? 0) + 1);
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/orders') return send(200, { orders: [1, 2, 3] });
    if (url.pathname === '/check') {
      checked.push(url.search);
      if (checkFailures > 0) {
        checkFailures -= 1;
        return send(503, { error: 'checker unavailable' });
      }
      return send(200, { ok: true, total: Number(url.searchParams.get('total')) });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls.clear();
  checked.length = 0;
  checkFailures = 0;
});

/** input → fetch (http) → total (transform) → check (http, sent the total) → result. */
function orderGraph(options: { totalExpression?: string; fetchPath?: string } = {}) {
  return makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'fetch', type: 'http', name: 'Fetch orders', config: { url: `${baseUrl}${options.fetchPath ?? '/orders'}` } },
      { id: 'total', type: 'transform', config: { expression: options.totalExpression ?? '$sum(steps.fetch.output.orders)' } },
      { id: 'check', type: 'http', config: { url: `${baseUrl}/check`, query: { total: '{{ steps.total.output }}' } } },
      { id: 'result', type: 'output', config: { result: '{{ { "total": steps.total.output, "check": steps.check.output } }}' } },
    ],
    edges: ['input->fetch', 'fetch->total', 'total->check', 'check->result'],
  });
}

// One engine per test database, with the real node services (http reaches this machine's test server).
const runtimes = new WeakMap<PrismaClient, RunRuntime>();

describeEachDb('re-runs', (getDb) => {
  let runtime: RunRuntime;

  /** A team whose http steps may reach this machine, its mastery of `graph`, and callers by role. */
  async function setUp(graph: unknown) {
    const db = getDb().client;
    runtime = runtimes.get(db) ?? createRunRuntime(db, { services: createNodeServices(db, { privateNetwork: { kind: 'all' } }) });
    runtimes.set(db, runtime);
    const team = await makeTeam(db, 'Rerunners');
    await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: true } });
    const { masteryId, versionId } = await makeMasteryWithGraph(db, team.id, graph);
    const as = (role: 'EDITOR' | 'VIEWER') => callerFor(db, { user: team.members[role], activeTeamId: team.id, runtime });
    return { db, team, masteryId, versionId, as };
  }

  const settle = (id: string) => runtime.engine.untilAtRest(id as RunId);

  async function addVersion(db: PrismaClient, masteryId: string, number: number, graph: unknown) {
    return db.masteryVersion.create({ data: { masteryId, number, graph: graph as object, status: 'DRAFT' } });
  }

  it('re-runs from the failed step: only it and what follows run, on the kept outputs, linked to the old run', async () => {
    const { db, as, masteryId } = await setUp(orderGraph());
    checkFailures = 1;
    const first = await as('EDITOR').runs.start({ masteryId, input: { region: 'north' } });
    expect(await settle(first.id)).toMatchObject({ status: 'FAILED', error: { nodeId: 'check' } });
    expect([calls.get('/orders'), calls.get('/check')]).toEqual([1, 1]);

    const again = await as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP' });
    expect(again.keptSteps.sort()).toEqual(['fetch', 'input', 'total']);
    expect(await settle(again.id)).toMatchObject({ status: 'SUCCEEDED', output: { total: 6, check: { ok: true, total: 6 } } });
    // /orders was not called again; /check was, and was sent the kept total.
    expect([calls.get('/orders'), calls.get('/check')]).toEqual([1, 2]);
    expect(checked).toEqual(['?total=6', '?total=6']);

    const run = await as('VIEWER').runs.get({ id: again.id });
    expect(run).toMatchObject({ rerunOfId: first.id, rerunMode: 'FROM_FAILED_STEP', input: { region: 'north' } });
    expect(run.steps.map((s) => [s.nodeId, s.status, s.isReused])).toEqual([
      ['check', 'SUCCEEDED', false], ['fetch', 'SUCCEEDED', true], ['input', 'SUCCEEDED', true], ['result', 'SUCCEEDED', false], ['total', 'SUCCEEDED', true],
    ]);
    expect(run.steps.find((s) => s.nodeId === 'total')?.output).toBe(6);
    // The kept steps did not execute here: no attempts, no usage of their own.
    expect([...new Set(run.attempts.map((a) => a.nodeId))].sort()).toEqual(['check', 'result']);
    expect(await db.stepRun.count({ where: { runId: again.id, nodeId: { in: ['input', 'fetch', 'total'] } } })).toBe(0);
    const old = await as('VIEWER').runs.get({ id: first.id });
    expect(old.reruns.map((r) => [r.id, r.rerunMode])).toEqual([[again.id, 'FROM_FAILED_STEP']]);
    const listed = await as('VIEWER').runs.list({ masteryId });
    expect(listed.items.find((item) => item.id === again.id)).toMatchObject({ rerunOfId: first.id, rerunMode: 'FROM_FAILED_STEP' });
  });

  it('re-runs from the failed step on a newer version that fixed the failing node', async () => {
    const { db, as, masteryId } = await setUp(orderGraph({ totalExpression: '$error("the total is broken")' }));
    const first = await as('EDITOR').runs.start({ masteryId, input: {} });
    expect(await settle(first.id)).toMatchObject({ status: 'FAILED', error: { nodeId: 'total' } });
    const fixed = await addVersion(db, masteryId, 2, orderGraph({ totalExpression: '$sum(steps.fetch.output.orders) * 10' }));

    const again = await as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP', versionId: fixed.id });
    expect(again).toMatchObject({ versionNumber: 2 });
    expect(again.keptSteps.sort()).toEqual(['fetch', 'input']);
    expect(await settle(again.id)).toMatchObject({ status: 'SUCCEEDED', output: { total: 60 } });
    expect([calls.get('/orders'), calls.get('/check')]).toEqual([1, 1]);
    expect(checked).toEqual(['?total=60']);
  });

  it('refuses a version in which a kept step’s node changed or is gone, naming the node, and starts nothing', async () => {
    const { db, as, masteryId } = await setUp(orderGraph({ totalExpression: '$error("broken")' }));
    const first = await as('EDITOR').runs.start({ masteryId, input: {} });
    await settle(first.id);
    const changed = await addVersion(db, masteryId, 2, orderGraph({ totalExpression: '1', fetchPath: '/orders?all=1' }));
    const refused = await trpcFailure(as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP', versionId: changed.id }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('Node "Fetch orders" (fetch) changed in version 2');

    const withoutFetch = makeGraph({
      nodes: [{ id: 'input', type: 'input' }, { id: 'total', type: 'transform', config: { expression: '1' } }, { id: 'result', type: 'output', config: {} }],
      edges: ['input->total', 'total->result'],
    });
    const removed = await addVersion(db, masteryId, 3, withoutFetch);
    const gone = await trpcFailure(as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP', versionId: removed.id }));
    expect([gone.code, gone.message]).toEqual(['CONFLICT', expect.stringContaining('Node "Fetch orders" (fetch) is not in version 3')]);
    expect(await db.run.count({ where: { masteryId } })).toBe(1);
  });

  it('re-runs with the same input on the same version, as a new run linked to the old one', async () => {
    const { as, masteryId, versionId } = await setUp(orderGraph());
    const first = await as('EDITOR').runs.start({ masteryId, input: { region: 'south', n: 2 } });
    await settle(first.id);
    const again = await as('EDITOR').runs.rerun({ runId: first.id, mode: 'SAME_INPUT' });
    expect(again.keptSteps).toEqual([]);
    expect(await settle(again.id)).toMatchObject({ status: 'SUCCEEDED', input: { region: 'south', n: 2 } });
    expect([calls.get('/orders'), calls.get('/check')]).toEqual([2, 2]);
    const run = await as('VIEWER').runs.get({ id: again.id });
    expect(run).toMatchObject({ rerunOfId: first.id, rerunMode: 'SAME_INPUT', version: { id: versionId } });
    expect(run.steps.every((s) => !s.isReused)).toBe(true);
  });

  it('refuses a viewer, a run of another team, and a succeeded run from its failed step', async () => {
    const { as, masteryId } = await setUp(orderGraph());
    const first = await as('EDITOR').runs.start({ masteryId, input: {} });
    await settle(first.id);
    expect((await trpcFailure(as('VIEWER').runs.rerun({ runId: first.id, mode: 'SAME_INPUT' }))).code).toBe('FORBIDDEN');
    const other = await setUp(orderGraph());
    expect((await trpcFailure(other.as('EDITOR').runs.rerun({ runId: first.id, mode: 'SAME_INPUT' }))).code).toBe('NOT_FOUND');
    expect((await trpcFailure(other.as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP' }))).code).toBe('NOT_FOUND');
    const succeeded = await trpcFailure(as('EDITOR').runs.rerun({ runId: first.id, mode: 'FROM_FAILED_STEP' }));
    expect([succeeded.code, succeeded.message]).toEqual(['CONFLICT', expect.stringContaining('only a failed or cancelled run')]);
  });
});
