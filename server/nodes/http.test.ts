/**
 * `http` through the engine and the real database, against a local server on 127.0.0.1: success and
 * each failure class, the SSRF guard (every spelling of loopback, metadata, redirects, DNS answers), the
 * team's private-network switch, and secrets that never reach a stored row, an event or a log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import type { Logger } from '@/server/engine/ports';
import type { ResolvedAddress } from '@/server/engine/node-services';
import { createRunRuntime } from '@/server/runs/runtime';
import { createNodeServices } from '@/server/runs/node-services';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { startTestServer, type TestServer } from './http-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const TOKEN = 'tok-3f9a1c7e5b2d';
const errorCode = (run: { error: unknown }) => (run.error as { code?: string } | null)?.code;
const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 1, multiplier: 1, maxDelayMs: 1 };

function httpGraph(config: Record<string, unknown>, policy: Record<string, unknown> = {}) {
  return makeGraph({
    nodes: [
      { id: 'start', type: 'input' },
      { id: 'call', type: 'http', config, policy },
      { id: 'result', type: 'output', config: { result: '{{ steps.call.output }}' } },
    ],
    edges: ['start->call', 'call->result'],
  });
}

/** A hosts file for the test: names the guard resolves through the same port the node uses. */
const HOSTS: Record<string, ResolvedAddress[]> = {
  'internal.example.test': [{ address: '10.1.2.3', family: 4 }],
  'sneaky.example.test': [{ address: '93.184.215.14', family: 4 }, { address: '127.0.0.1', family: 4 }],
  'metadata.example.test': [{ address: '169.254.169.254', family: 4 }],
};

async function setup(db: PrismaClient, options: { allowPrivateNetwork: boolean }) {
  const team = await makeTeam(db, 'Callers');
  await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: options.allowPrivateNetwork } });
  await team.as('EDITOR').secrets.set({ name: 'API_TOKEN', value: TOKEN });
  const logs: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  // An installation that lets teams allow every private address; each test's team decides.
  const real = createNodeServices(db, { privateNetwork: { kind: 'all' } });
  const network = real.network;
  if (network === undefined) throw new Error('createNodeServices gave no network port');
  const services = {
    ...real,
    network: { privateNetwork: (runId: string) => network.privateNetwork(runId), lookup: async (host: string) => HOSTS[host] ?? [{ address: '127.0.0.1', family: 4 as const }] },
  };
  const runtime = createRunRuntime(db, { services, logger });
  const caller = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
  const run = async (graph: unknown, input: Record<string, unknown> = {}) => {
    const { masteryId } = await makeMasteryWithGraph(db, team.id, graph);
    const { id } = await caller.runs.start({ masteryId, input });
    await runtime.engine.untilAtRest(id as RunId);
    return caller.runs.get({ id });
  };
  return { team, run, logs, runtime };
}

describeEachDb('http node', (getDb) => {
  it('calls the API with templated URL, query, headers and a secret, and outputs the parsed JSON', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    const result = await run(
      httpGraph({
        method: 'POST',
        url: `${server.base}/echo?region={{ input.region }}`,
        headers: { authorization: 'Bearer {{ $secrets.API_TOKEN }}' },
        query: { page: '{{ input.page }}' },
        body: { region: '{{ input.region }}' },
        expectedStatus: [200],
        responseType: 'json',
      }),
      { region: 'north', page: 2 },
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ method: 'POST', query: { region: 'north', page: '2' }, body: '{"region":"north"}' });
    // The server saw the real token; what was recorded says only which secret it was.
    expect(result.output).toMatchObject({ headers: { authorization: 'Bearer [secret:API_TOKEN]', 'content-type': 'application/json' } });
  });

  it('keeps the seeded demo config shape valid and can read text', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    const result = await run(httpGraph({ method: 'GET', url: `${server.base}/text`, expectedStatus: [200], responseType: 'text' }));
    expect(result.output).toBe('plain words');
  });

  it('retries a 503 and a 429 (transient) but fails a 404 at once, naming node, the URL as written and status', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    for (const [status, attempts] of [[503, 3], [429, 3], [404, 1]] as const) {
      const result = await run(httpGraph({ url: `${server.base}/status/${status}`, expectedStatus: [200] }, { retry: FAST_RETRY }));
      expect(result.error).toMatchObject({ code: 'HTTP_STATUS', nodeId: 'call' });
      expect(JSON.stringify(result.error)).toContain(`Node \\"call\\" (http): GET ${server.base}/status/${status} answered ${status} (expected 200)`);
      expect([status, result.attempts.filter((a) => a.nodeId === 'call').length]).toEqual([status, attempts]);
    }
  });

  it('refuses loopback in every spelling, metadata and private DNS answers, and never connects', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: false });
    const p = server.port;
    const urls = [
      `http://127.0.0.1:${p}/echo`, `http://127.1:${p}/echo`, `http://2130706433:${p}/echo`, `http://0x7f.1:${p}/echo`, `http://0177.0.0.1:${p}/echo`,
      `http://[::1]:${p}/echo`, `http://[::ffff:127.0.0.1]:${p}/echo`, `http://localhost.:${p}/echo`, `http://LOCALHOST:${p}/echo`,
      'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://0.0.0.0/', 'http://10.0.0.1/', 'http://192.168.1.1/',
      'http://100.64.0.1/', 'http://[fe80::1]/', 'http://[fc00::1]/',
      `http://internal.example.test:${p}/echo`, `http://sneaky.example.test:${p}/echo`,
    ];
    const before = server.hits.length;
    for (const url of urls) {
      const result = await run(httpGraph({ url }, { retry: FAST_RETRY }));
      expect([url, errorCode(result)]).toEqual([url, 'ADDRESS_REFUSED']);
      expect(result.attempts.filter((a) => a.nodeId === 'call')).toHaveLength(1);
    }
    expect(server.hits.length).toBe(before);
  });

  it('allows private addresses when the team allows private networks, but never cloud metadata', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    for (const url of [`http://127.1:${server.port}/echo`, `http://[::ffff:127.0.0.1]:${server.port}/echo`, `http://localhost.:${server.port}/echo`]) {
      expect([url, (await run(httpGraph({ url }))).status]).toEqual([url, 'SUCCEEDED']);
    }
    expect(errorCode(await run(httpGraph({ url: `http://metadata.example.test:${server.port}/` })))).toBe('ADDRESS_REFUSED');
  });

  it("follows the team owner's network setting from the next run on, and records who changed it", async () => {
    const db = getDb().client;
    const { team, run } = await setup(db, { allowPrivateNetwork: false });
    const graph = httpGraph({ url: `http://127.0.0.1:${server.port}/echo` });
    expect(errorCode(await run(graph))).toBe('ADDRESS_REFUSED');

    // The owner's caller on a server whose installation lets teams allow every private address.
    const owner = callerFor(db, { user: team.members.OWNER, activeTeamId: team.id, privateNetwork: { kind: 'all' } });
    expect(await owner.teams.setNetworkPolicy({ allowPrivateNetwork: true })).toEqual({ id: team.id, allowPrivateNetwork: true });
    expect(await team.as('EDITOR').teams.current()).toMatchObject({ allowPrivateNetwork: true });
    expect((await run(graph)).output).toMatchObject({ path: '/echo' });

    await owner.teams.setNetworkPolicy({ allowPrivateNetwork: false });
    expect(errorCode(await run(graph))).toBe('ADDRESS_REFUSED');
    const changes = await db.auditLog.findMany({ where: { teamId: team.id, action: 'team.network' }, orderBy: { createdAt: 'asc' } });
    expect(changes.map((c) => [c.actorId, c.data])).toEqual([
      [team.members.OWNER.userId, { allowPrivateNetwork: true }],
      [team.members.OWNER.userId, { allowPrivateNetwork: false }],
    ]);
  });

  it('re-checks every redirect hop: a redirect to a refused address fails, and more than 5 hops fail', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    const toMetadata = await run(httpGraph({ url: `${server.base}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}` }));
    expect(errorCode(toMetadata)).toBe('ADDRESS_REFUSED');
    expect(JSON.stringify(toMetadata.error)).toContain('169.254.169.254 is a cloud metadata address');
    const followed = await run(httpGraph({ url: `${server.base}/redirect?to=/echo` }));
    expect(followed.output).toMatchObject({ path: '/echo' });
    expect(JSON.stringify((await run(httpGraph({ url: `${server.base}/loop/0` }))).error)).toContain('redirected more than 5 times');
  });

  it('fails a response over the size limit and aborts the request on the step timeout', async () => {
    const { run } = await setup(getDb().client, { allowPrivateNetwork: true });
    expect(errorCode(await run(httpGraph({ url: `${server.base}/big/5000`, maxResponseBytes: 1000 })))).toBe('RESPONSE_TOO_LARGE');
    const slow = await run(httpGraph({ url: `${server.base}/slow/3000` }, { timeoutMs: 200 }));
    expect(errorCode(slow)).toBe('NODE_TIMEOUT');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.aborted).toContain('/slow/3000');
  });

  it('stores no secret value in runs, steps, attempts, events or logs, even when the server echoes it or fails', async () => {
    const db = getDb().client;
    const { run, logs } = await setup(db, { allowPrivateNetwork: true });
    const headers = { authorization: 'Bearer {{ $secrets.API_TOKEN }}' };
    const ok = await run(httpGraph({ url: `${server.base}/echo?key={{ $secrets.API_TOKEN }}`, headers }));
    const failed = await run(httpGraph({ url: `${server.base}/status/401?key={{ $secrets.API_TOKEN }}`, headers }));
    // Run data cannot ask for a secret: templates are resolved once, from the config as written.
    const injected = await run(httpGraph({ url: `${server.base}/echo?q={{ input.q }}` }), { q: '{{ $secrets.API_TOKEN }}' });
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.stringify(ok.output)).toContain('[secret:API_TOKEN]');
    expect(errorCode(failed)).toBe('HTTP_STATUS');
    expect(injected.output).toMatchObject({ query: { q: '{{ $secrets.API_TOKEN }}' } });
    const stored = JSON.stringify([
      await db.run.findMany({ where: { id: { in: [ok.id, failed.id, injected.id] } } }),
      await db.runStep.findMany({ where: { runId: { in: [ok.id, failed.id, injected.id] } } }),
      await db.stepRun.findMany({ where: { runId: { in: [ok.id, failed.id, injected.id] } } }),
      await db.runEvent.findMany({ where: { runId: { in: [ok.id, failed.id, injected.id] } } }),
      await db.secret.findMany(),
      await db.auditLog.findMany(),
    ]);
    expect(stored.length).toBeGreaterThan(1000);
    expect(stored).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
