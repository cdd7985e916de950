/**
 * A retried step in the run view: while it waits out its retry delay, the inspector's Data tab counts down
 * to its next attempt; once it succeeded, the Data tab gives the same duration as its row in the run panel,
 * and says how much longer it took in all for the waits between attempts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { demoOwner, mutate, query, signIn } from './support';

let server: Server;
let baseUrl: string;
let calls = 0;

test.beforeAll(async () => {
  // Unavailable twice (a retryable answer), then fine: the step succeeds at its third attempt.
  server = createServer((_req, res) => {
    calls += 1;
    if (calls <= 2) res.writeHead(503).end('busy');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{ "rows": 3 }');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const graph = (url: string) => ({
  nodes: [
    { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'import',
      type: 'http',
      name: 'Import batch',
      position: { x: 280, y: 0 },
      config: { url: `${url}/batch` },
      // Long enough a delay to select the step while it waits; no jitter, so each wait is as set.
      policy: { retry: { maxAttempts: 3, initialDelayMs: 6_000, multiplier: 1, maxDelayMs: 6_000, jitter: 0 } },
    },
    { id: 'result', type: 'output', name: 'Result', position: { x: 560, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e-input-import', source: 'input', target: 'import' },
    { id: 'e-import-result', source: 'import', target: 'result' },
  ],
});

test('a retrying step counts down to its next attempt, and its duration reads the same in the row and the Data tab', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demoOwner.email, demoOwner.password);
  // The flaky endpoint is this test's own server on 127.0.0.1, which the test installation allows.
  await mutate(page, 'teams.setNetworkPolicy', { allowPrivateNetwork: true });
  const { id: masteryId } = await mutate<{ id: string }>(page, 'masteries.create', { name: `Retried ${Date.now().toString(36)}`, description: '' });
  const mastery = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: masteryId });
  const saved = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId, baseVersionId: mastery.currentVersion.id, graph: graph(baseUrl), note: 'retried' });
  await mutate(page, 'versions.publish', { versionId: saved.id });
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId, input: {} });

  await page.goto(`/masteries/${masteryId}?run=${run.id}`);
  const panel = page.getByRole('region', { name: `Run ${run.id.slice(-8)}` });
  const row = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Import batch' });
  await expect(row.getByText('Retrying', { exact: true })).toBeVisible();
  await row.getByRole('button').first().click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByText(/^Attempt [23] starts in \d s$/)).toBeVisible();
  await page.screenshot({ path: '/tmp/wt-runs-shots/retrying-countdown.png' });

  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 40_000 });
  await expect(row.getByText('3 attempts')).toBeVisible();
  const rowDuration = ((await row.locator('[title] > span').first().textContent()) ?? '').trim();
  expect(rowDuration).toMatch(/^\d+( ms|\.\d+ s)$/);
  // The row's figure is the time the attempts ran; the Data tab leads with it, then adds the waits.
  await expect(inspector.getByText(new RegExp(`^${rowDuration.replace('.', '\\.')} running · 1\\d\\.\\d s in all, incl\\. 1\\d\\.\\d s between attempts$`))).toBeVisible();
  await page.screenshot({ path: '/tmp/wt-runs-shots/retried-step-durations.png' });
});
