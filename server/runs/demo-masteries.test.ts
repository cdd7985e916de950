/**
 * The seeded API demo masteries run to completion through the real run service and database, against a
 * local server that answers the demo routes from server/demo/data.ts. ("Research and critique" runs against
 * the mock OpenAI server in server/llm/demo-research.test.ts.) "Flaky import" has no retry policy on purpose,
 * so its outcome is forced here: a failure fails the run at the `import` step, an answer completes it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { callerFor } from '@/test/api';
import { createNodeServices } from './node-services';
import { createRunRuntime } from './runtime';
import type { RunId } from '@/server/engine/graph';
import { DEMO, seedDemo } from '@/prisma/seed/seed';
import { flakyOutcome, flakyQuerySchema, flakyRows, salesFor, salesQuerySchema } from '@/server/demo/data';

// The roll the flaky endpoint uses: 0 always fails (failRate 0.5), 0.99 always answers at once.
const flaky = { roll: 0 };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const query = Object.fromEntries(url.searchParams);
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/api/demo/sales') return send(200, salesFor(salesQuerySchema.parse(query).region));
    if (url.pathname === '/api/demo/flaky') {
      const parsed = flakyQuerySchema.parse(query);
      const outcome = flakyOutcome(parsed, () => flaky.roll);
      return outcome.kind === 'ok' ? send(200, flakyRows(parsed.batch)) : send(503, { error: 'the import service is unavailable' });
    }
    send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describeEachDb('demo masteries', (getDb) => {
  async function start(name: string, input: Record<string, unknown>) {
    const db = getDb().client;
    await seedDemo(db, { baseUrl });
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO.owner.email } });
    const mastery = await db.mastery.findFirstOrThrow({ where: { teamId: DEMO.teamId, name } });
    // The real node services of an installation that allows no private address: the demo endpoints are
    // reached as the app's own, here on the stand-in server at 127.0.0.1.
    const runtime = createRunRuntime(db, { services: createNodeServices(db, { privateNetwork: { kind: 'none' }, appBaseUrl: baseUrl }) });
    const caller = callerFor(db, { user: { userId: owner.id, email: owner.email }, activeTeamId: DEMO.teamId, runtime });
    const { id } = await caller.runs.start({ masteryId: mastery.id, input });
    return runtime.engine.untilAtRest(id as RunId);
  }

  it('"API report" fetches the sales figures and writes its report', async () => {
    const run = await start('API report', { region: 'south' });
    const sales = salesFor('south');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({
      report: expect.stringMatching(/^Sales report for south: 12 orders, revenue [\d,]+\.\d\d, top customer \w+$/),
      // Money in cents: a sum of floats would show as 2980.1000000000004.
      figures: { region: 'south', orders: 12, revenue: Number(sales.orders.reduce((sum, o) => sum + o.amount, 0).toFixed(2)) },
    });
  });

  it('"Flaky import" completes when the endpoint answers', async () => {
    flaky.roll = 0.99;
    const run = await start('Flaky import', { batch: 3 });
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { batch: 3, rows: flakyRows(3).rows.length } });
  });

  it('"Flaky import" fails at its import step when the endpoint fails (no retry policy, by design)', async () => {
    flaky.roll = 0;
    const run = await start('Flaky import', { batch: 4 });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatchObject({ code: 'HTTP_STATUS', nodeId: 'import', message: expect.stringContaining('Node "import" (http)') });
    const attempts = await getDb().client.stepRun.count({ where: { runId: run.id, nodeId: 'import' } });
    expect(attempts).toBe(1);
  });
});
