/**
 * Secrets echoed back by a real local server in the forms the http step sent them: form-urlencoded from
 * `query`, percent-encoded by the URL parser in a path, with lower-case hex, in an HTML page and in
 * JSON. A run's output and its error (read by every viewer of the team) show `[secret:NAME]` instead.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { createRunRuntime } from '@/server/runs/runtime';
import { createNodeServices } from '@/server/runs/node-services';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { startTestServer, type TestServer } from './http-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const SECRETS = { SPACEY: 'my token (v2)!', PATHY: 'p@ss w0rd"#x', MARKUP: 'a<b>&c"d', HOSTIP: '0x0a000001', HOST6: '[::ffff:a00:1]' };

function httpGraph(config: Record<string, unknown>) {
  return makeGraph({
    nodes: [
      { id: 'start', type: 'input' },
      { id: 'call', type: 'http', config: { responseType: 'text', ...config } },
      { id: 'result', type: 'output', config: { result: '{{ steps.call.output }}' } },
    ],
    edges: ['start->call', 'call->result'],
  });
}

async function setup(db: PrismaClient, allowPrivateNetwork = true) {
  const team = await makeTeam(db, 'Echoes');
  await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork } });
  for (const [name, value] of Object.entries(SECRETS)) await team.as('EDITOR').secrets.set({ name, value });
  // The installation lets teams reach private addresses (the echo server is on 127.0.0.1); the team decides.
  const runtime = createRunRuntime(db, { services: createNodeServices(db, { privateNetwork: { kind: 'all' } }) });
  const caller = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  return async (config: Record<string, unknown>) => {
    const { masteryId } = await makeMasteryWithGraph(db, team.id, httpGraph(config));
    const { id } = await caller.runs.start({ masteryId, input: {} });
    await runtime.engine.untilAtRest(id as RunId);
    const run = await caller.runs.get({ id });
    return { output: String(run.output), error: JSON.stringify(run.error), stored: JSON.stringify(run) };
  };
}

describeEachDb('http node redaction of echoed secrets', (getDb) => {
  it('redacts a secret sent form-urlencoded from `query`, in an error and in an output', async () => {
    const run = await setup(getDb().client);
    const failed = await run({ url: `${server.base}/fail`, query: { key: '{{ $secrets.SPACEY }}' } });
    expect(failed.error).toContain('Bad request to /fail?key=[secret:SPACEY]');
    const ok = await run({ url: `${server.base}/said`, query: { key: '{{ $secrets.SPACEY }}', then: 'more' } });
    expect(ok.output).toBe('/said?key=[secret:SPACEY]&then=more');
  });

  it('redacts a secret the URL parser encoded in a path, cut at its `#`, and in a query with lower-case hex', async () => {
    const run = await setup(getDb().client);
    const inPath = await run({ url: `${server.base}/fail/{{ $secrets.PATHY }}` });
    expect(inPath.error).toContain('Bad request to /fail/[secret:PATHY]');
    const inQuery = await run({ url: `${server.base}/said?lower=1&k={{ $secrets.SPACEY }}`, query: { page: 2 } });
    expect(inQuery.output).toBe('/said?lower=1&k=[secret:SPACEY]&page=2');
    const written = await run({ url: `${server.base}/said?lower=1&k={{ $secrets.MARKUP }}` });
    expect(written.output).toBe('/said?lower=1&k=[secret:MARKUP]');
  });

  it('redacts a secret echoed HTML-escaped or JSON-escaped', async () => {
    const run = await setup(getDb().client);
    const html = await run({ url: `${server.base}/html/{{ $secrets.MARKUP }}` });
    expect(html.error).toContain('Cannot GET /html/[secret:MARKUP]');
    const json = await run({ url: `${server.base}/echo`, query: { k: '{{ $secrets.MARKUP }}' } });
    expect(json.output).toContain('"query":{"k":"[secret:MARKUP]"}');
    for (const result of [html, json]) expect(result.stored).not.toMatch(/a&lt;b|a<b>|a\\u003cb|a%3Cb|c\\?"d|c&quot;d/i);
  });

  it('names no address when the host refused came from a secret, in any spelling the parser normalises', async () => {
    const run = await setup(getDb().client, false);
    for (const name of ['HOSTIP', 'HOST6']) {
      const refused = await run({ url: `http://{{ $secrets.${name} }}/x` });
      expect(refused.error).toContain(`GET http://{{ $secrets.${name} }}/x: refused to connect: the host is a private address`);
      expect(refused.stored).not.toMatch(/10\.0\.0\.1|a00:1|0x0a/);
    }
  });
});
