/**
 * Secrets are used only whole. Through the real API on the real database, with a local HTTP server:
 * - every transformed or out-of-place use of `$secrets` is refused when a version is saved and when a run
 *   starts, naming the node and the field (add a row to `misuses`);
 * - a whole secret in a header and in the URL reaches the server, while what a viewer reads of the run
 *   (run, steps, attempts, errors, events) never holds the value;
 * - an http failure with a secret in the request names the request as written, never the value
 *   (add a row to `failures`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, outcomeText } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import type { ResolvedAddress } from '@/server/engine/node-services';
import { createRunRuntime } from '@/server/runs/runtime';
import { createNodeServices } from '@/server/runs/node-services';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { startTestServer, type TestServer } from '@/server/nodes/http-test-server';

const TOKEN = 'Tok-9fQ2-xZ7w-Lm4K';
// A secret used as a host name: the URL parser lowercases it, which matching text would not redact.
const HOST = 'Api-Host-7Q.example.test';
const NO_RETRY = { maxAttempts: 1 };
// Refused graphs never send a request; the server's request count proves it.
const NEVER_CALLED = 'http://127.0.0.1:9';

let server: TestServer;
let closedPort: number;
beforeAll(async () => {
  server = await startTestServer();
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => server.close());

interface Misuse {
  name: string;
  node: { id: string; type: string; config: Record<string, unknown> };
  /** The field the problem must name. */
  field: string;
  settings?: Record<string, unknown>;
}

const http = (config: Record<string, unknown>) => ({ id: 'call', type: 'http', config: { url: `${NEVER_CALLED}/echo`, ...config } });

const misuses: Misuse[] = [
  { name: 'join of a split, in the URL', node: http({ url: `${NEVER_CALLED}/echo?k={{ $join($split($secrets.API_TOKEN, ''), ' ') }}` }), field: 'config.url' },
  { name: 'base64, in a header', node: http({ headers: { authorization: 'Basic {{ $base64encode($secrets.API_TOKEN) }}' } }), field: 'config.headers.authorization' },
  { name: 'uppercase, in the body', node: http({ method: 'POST', body: { token: '{{ $uppercase($secrets.API_TOKEN) }}' } }), field: 'config.body.token' },
  { name: 'lowercase, in the query', node: http({ query: { key: '{{ $lowercase($secrets.API_TOKEN) }}' } }), field: 'config.query.key' },
  { name: 'substring', node: http({ headers: { 'x-key': '{{ $substring($secrets.API_TOKEN, 0, 4) }}' } }), field: 'config.headers.x-key' },
  { name: 'concatenation', node: http({ headers: { authorization: '{{ "Bearer " & $secrets.API_TOKEN }}' } }), field: 'config.headers.authorization' },
  { name: '$string of all secrets', node: http({ body: '{{ $string($secrets) }}', method: 'POST' }), field: 'config.body' },
  { name: '$keys of the secrets', node: http({ query: { names: '{{ $keys($secrets) }}' } }), field: 'config.query.names' },
  { name: '$lookup', node: http({ headers: { 'x-key': "{{ $lookup($secrets, 'API_TOKEN') }}" } }), field: 'config.headers.x-key' },
  { name: '$each', node: http({ body: '{{ $each($secrets, function($v) { $v }) }}', method: 'POST' }), field: 'config.body' },
  { name: '$secrets alone', node: http({ url: `${NEVER_CALLED}/echo?all={{ $secrets }}` }), field: 'config.url' },
  { name: '$secrets[...]', node: http({ url: `${NEVER_CALLED}/echo?k={{ $secrets['API_TOKEN'] }}` }), field: 'config.url' },
  { name: '$eval of a string', node: http({ url: `${NEVER_CALLED}/echo?k={{ $eval('$secrets.API_TOKEN') }}` }), field: 'config.url' },
  { name: 'whole, in an llm prompt', node: { id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'Key: {{ $secrets.API_TOKEN }}' } }, field: 'config.prompt' },
  { name: 'whole, in an output node', node: { id: 'result', type: 'output', config: { result: '{{ $secrets.API_TOKEN }}' } }, field: 'config.result' },
  { name: 'in a raw expression field', node: { id: 'shape', type: 'transform', config: { expression: '$secrets.API_TOKEN' } }, field: 'config.expression' },
  {
    name: 'in the run output mapping',
    node: { id: 'shape', type: 'transform', config: { expression: '1' } },
    field: 'settings.resultMapping.key',
    settings: { resultMapping: { key: '{{ $secrets.API_TOKEN }}' } },
  },
];

function graphOf(node: Misuse['node'], settings: Record<string, unknown> = {}) {
  return makeGraph({ nodes: [{ id: 'start', type: 'input' }, node], edges: [`start->${node.id}`], settings });
}

/** A hosts file for the test: the secret host name and any other name reach the local server. */
const lookup = async (): Promise<ResolvedAddress[]> => [{ address: '127.0.0.1', family: 4 }];

async function setup(db: PrismaClient) {
  const team = await makeTeam(db, 'Secret users');
  await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: true } });
  await team.as('OWNER').secrets.set({ name: 'API_TOKEN', value: TOKEN });
  await team.as('OWNER').secrets.set({ name: 'API_HOST', value: HOST });
  const real = createNodeServices(db, { privateNetwork: { kind: 'all' } });
  const network = real.network;
  if (network === undefined) throw new Error('createNodeServices gave no network port');
  const services = { ...real, network: { privateNetwork: (runId: string) => network.privateNetwork(runId), lookup } };
  const runtime = createRunRuntime(db, { services });
  const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  const viewer = callerFor(db, { user: team.members.VIEWER, activeTeamId: team.id, runtime });
  /** Runs a graph saved straight to the database (as an old version would be), and reads it as a viewer. */
  const run = async (graph: unknown, input: Record<string, unknown> = {}) => {
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await editor.runs.start({ masteryId, input });
    await runtime.engine.untilAtRest(id as RunId);
    const seen = { run: await viewer.runs.get({ id }), events: await viewer.runs.events({ runId: id, limit: 1000 }) };
    return { ...seen.run, seen: JSON.stringify(seen) };
  };
  return { team, editor, run };
}

/** The value and the forms a transformation or the URL parser would give it. */
function expectNoSecret(text: string): void {
  for (const form of [TOKEN, TOKEN.toLowerCase(), TOKEN.toUpperCase(), Buffer.from(TOKEN).toString('base64'), HOST, HOST.toLowerCase()]) {
    expect(text).not.toContain(form);
  }
}

describeEachDb('secrets are used only whole', (getDb) => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    ctx = await setup(getDb().client);
  });

  it.each(misuses)('refuses $name when saving and when running, naming node and field', async ({ node, field, settings }) => {
    const db = getDb().client;
    const graph = graphOf(node, settings);
    const where = field.startsWith('settings.') ? `Settings: ${field}` : `Node "${node.id}" (${node.type}): ${field}`;
    const { masteryId, versionId } = await makeMasteryWithGraph(db, ctx.team.id, graphOf({ id: 'shape', type: 'transform', config: { expression: '1' } }));
    const saved = await outcomeText(ctx.editor.versions.saveDraft({ masteryId, baseVersionId: versionId, graph }));
    expect(saved).toMatch(/^BAD_REQUEST: /);
    expect(saved).toContain(where);
    expect(saved).toContain('{{ $secrets.NAME }}');
    expect(await db.masteryVersion.count({ where: { masteryId } })).toBe(1);

    const hits = server.requests.length;
    const stored = await makeMasteryWithGraph(db, ctx.team.id, graph);
    const started = await outcomeText(ctx.editor.runs.start({ masteryId: stored.masteryId, input: {} }));
    expect(started).toMatch(/^BAD_REQUEST: /);
    expect(started).toContain(where);
    expect(await db.run.count({ where: { masteryId: stored.masteryId } })).toBe(0);
    expect(server.requests.length).toBe(hits);
  });

  it('accepts a whole secret, with spaces or not, in a header and in the URL: the server gets the value, a viewer never sees it', async () => {
    const graph = graphOf(
      http({
        url: `${server.base}/echo?key={{$secrets.API_TOKEN}}&q={{ input.q }}`,
        headers: { authorization: 'Bearer {{   $secrets.API_TOKEN }}' },
      }),
    );
    // Run data that reads like a secret template stays text: only the config as written is substituted.
    const result = await ctx.run(graph, { q: '{{ $secrets.API_TOKEN }}' });
    expect(result.status).toBe('SUCCEEDED');
    const received = server.requests.at(-1);
    expect(received?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(new URL(received?.url ?? '/', 'http://x').searchParams.get('key')).toBe(TOKEN);
    expect(new URL(received?.url ?? '/', 'http://x').searchParams.get('q')).toBe('{{ $secrets.API_TOKEN }}');
    expect(result.seen).toContain('[secret:API_TOKEN]');
    expectNoSecret(result.seen);
  });

  const failures = [
    { name: 'connection refused', url: () => `http://127.0.0.1:${closedPort}/x?key={{ $secrets.API_TOKEN }}`, code: 'HTTP_NETWORK' },
    { name: 'a 500 that echoes the request', url: () => `${server.base}/status/500?key={{ $secrets.API_TOKEN }}`, code: 'HTTP_STATUS' },
    { name: 'a refused address', url: () => 'http://169.254.169.254/latest/{{ $secrets.API_TOKEN }}', code: 'ADDRESS_REFUSED' },
    { name: 'a secret host name answering 500', url: () => `http://{{ $secrets.API_HOST }}:${server.port}/status/500`, code: 'HTTP_STATUS' },
    { name: 'a body that is not JSON', url: () => `http://{{ $secrets.API_HOST }}:${server.port}/text?key={{ $secrets.API_TOKEN }}`, code: 'NODE_FAILED' },
  ];

  it.each(failures)('reports $name by the request as written, never the secret', async ({ url, code }) => {
    const written = url();
    const config = { method: 'POST', url: written, headers: { authorization: 'Bearer {{ $secrets.API_TOKEN }}' }, body: { token: '{{ $secrets.API_TOKEN }}' } };
    const result = await ctx.run(makeGraph({ nodes: [{ id: 'start', type: 'input' }, { id: 'call', type: 'http', config, policy: { retry: NO_RETRY } }], edges: ['start->call'] }));
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ code, nodeId: 'call' });
    expect(JSON.stringify(result.error)).toContain(JSON.stringify(`Node "call" (http): POST ${written}`).slice(1, -1));
    expectNoSecret(result.seen);
  });
});
