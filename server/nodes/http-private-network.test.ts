/**
 * Private networks are the installation's decision (ALLOW_PRIVATE_NETWORK): a team owner's switch only
 * narrows it. Through the real API, engine, node services and database, against a local server on
 * 127.0.0.1 that counts every request it gets. The app's own demo endpoints stay reachable with no
 * private network allowed, by exactly their URLs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor, makeMasteryWithGraph, makeTeam, outcomeText } from '@/test/api';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { env } from '@/server/env';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { PrivateNetworkSetting } from '@/server/net/private-network-setting';
import { createRunRuntime } from '@/server/runs/runtime';
import { createNodeServices, type NodeServicesOptions } from '@/server/runs/node-services';
import { startTestServer, type TestServer } from './http-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const httpGraph = (url: string, expectedStatus = [200]) =>
  makeGraph({ nodes: [{ id: 'start', type: 'input' }, { id: 'call', type: 'http', config: { url, expectedStatus } }], edges: ['start->call'] });

describeEachDb('private networks within the installation setting', (getDb) => {
  /** A team whose switch is on (as an owner may have set it before), on node services of `options`. */
  async function setup(db: PrismaClient, options?: NodeServicesOptions) {
    const team = await makeTeam(db, 'Networkers');
    await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: true } });
    const runtime = createRunRuntime(db, { services: options === undefined ? createNodeServices(db) : createNodeServices(db, options) });
    const editor = callerFor(db, { user: team.members.EDITOR, activeTeamId: team.id, runtime });
    const run = async (url: string, expectedStatus?: number[]) => {
      const { masteryId } = await makeMasteryWithGraph(db, team.id, httpGraph(url, expectedStatus));
      const { id } = await editor.runs.start({ masteryId, input: {} });
      await runtime.engine.untilAtRest(id as RunId);
      return editor.runs.get({ id });
    };
    return { team, run };
  }
  const failure = (run: { error: unknown }) => run.error as { code?: string; message?: string } | null;

  it('allows no private address by default: the owner cannot turn it on, and a team switched on reaches nothing', async () => {
    expect(env.ALLOW_PRIVATE_NETWORK).toEqual({ kind: 'none' });
    const db = getDb().client;
    const { team, run } = await setup(db);
    await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: false } });

    expect(await outcomeText(team.as('OWNER').teams.setNetworkPolicy({ allowPrivateNetwork: true }))).toBe(
      'FORBIDDEN: Private networks cannot be allowed: this installation lets no http step reach private addresses (ALLOW_PRIVATE_NETWORK is off). Whoever runs this installation can set it.',
    );
    expect(await team.as('VIEWER').teams.current()).toMatchObject({ allowPrivateNetwork: false, installationPrivateNetwork: { kind: 'none' } });
    expect(await team.as('OWNER').teams.setNetworkPolicy({ allowPrivateNetwork: false })).toEqual({ id: team.id, allowPrivateNetwork: false });

    // A switch left on from before counts for nothing.
    await db.team.update({ where: { id: team.id }, data: { allowPrivateNetwork: true } });
    const before = server.hits.length;
    const refused = await run(`${server.base}/echo`);
    expect(failure(refused)).toMatchObject({
      code: 'ADDRESS_REFUSED',
      message: expect.stringContaining('refused to connect: 127.0.0.1 is a loopback address (this installation lets no http step reach private addresses (ALLOW_PRIVATE_NETWORK))'),
    });
    expect(server.hits.length).toBe(before);
  });

  it('lets a team reach only the listed ranges, and only while its own switch is on', async () => {
    const db = getDb().client;
    const installation: PrivateNetworkSetting = { kind: 'ranges', ranges: ['127.0.0.1'] };
    const { team, run } = await setup(db, { privateNetwork: installation });
    const owner = callerFor(db, { user: team.members.OWNER, activeTeamId: team.id, privateNetwork: installation });
    expect(await owner.teams.current()).toMatchObject({ installationPrivateNetwork: { kind: 'ranges', ranges: ['127.0.0.1'] } });

    expect((await run(`${server.base}/echo`)).status).toBe('SUCCEEDED');
    expect(failure(await run(`http://127.0.0.2:${server.port}/echo`))).toMatchObject({
      code: 'ADDRESS_REFUSED',
      message: expect.stringContaining('127.0.0.2 is a loopback address (it is outside the private ranges this installation allows (ALLOW_PRIVATE_NETWORK))'),
    });

    await owner.teams.setNetworkPolicy({ allowPrivateNetwork: false });
    expect(failure(await run(`${server.base}/echo`))).toMatchObject({
      code: 'ADDRESS_REFUSED',
      message: expect.stringContaining('(a team owner can allow private networks for the team)'),
    });
    expect((await owner.teams.setNetworkPolicy({ allowPrivateNetwork: true })).allowPrivateNetwork).toBe(true);
    expect((await run(`${server.base}/echo`)).status).toBe('SUCCEEDED');
  });

  it("reaches the app's own demo endpoints with no private network allowed, by exactly their URLs", async () => {
    const db = getDb().client;
    const { run } = await setup(db, { privateNetwork: { kind: 'none' }, appBaseUrl: server.base });
    // The stand-in app answers 404 to every demo path; reaching it is what counts.
    const hits = () => server.hits.filter((path) => path.startsWith('/api/')).length;
    const before = hits();
    expect((await run(`${server.base}/api/demo/sales?region=south`, [404])).status).toBe('SUCCEEDED');
    expect(hits()).toBe(before + 1);

    const refused = [
      `${server.base}/api/auth/csrf`,
      `${server.base}/api/demo/../auth/csrf`,
      `${server.base}/api/demo/%2e%2e/auth/csrf`,
      `${server.base}/api/demo/..%2fauth%2fcsrf`,
      `${server.base}/api/demo/sales/`,
      `${server.base}/api/demo/`,
      `http://user:pass@127.0.0.1:${server.port}/api/demo/sales`,
      `http://localhost:${server.port}/api/demo/sales`,
      `http://127.0.0.2:${server.port}/api/demo/sales`,
    ];
    // Credentials in a URL are refused before the address is even looked at.
    for (const url of refused) expect([url, failure(await run(url, [404]))?.code]).toEqual([url, url.includes('@') ? 'BAD_INPUT' : 'ADDRESS_REFUSED']);
    expect(hits()).toBe(before + 1);
  });
});
