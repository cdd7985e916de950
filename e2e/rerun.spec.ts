/**
 * Re-runs: a mastery whose last step has a wrong expression fails; the owner fixes the step in the
 * inspector, saves, and re-runs from the failed step: the steps before it are reused, not repeated (the
 * local orders endpoint is called once in all), and the result is right. "Re-run with same input" then
 * starts the same version again with the same input, linked both ways, and the team's Runs page can
 * re-run a row too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { demoOwner, mutate, query, saveScreenshot, signIn } from './support';

let server: Server;
let baseUrl: string;
let ordersCalls = 0;

test.beforeAll(async () => {
  // The app's http step calls this endpoint (the spec lets the demo team reach 127.0.0.1, which the e2e installation allows).
  server = createServer((req, res) => {
    if (req.url?.startsWith('/orders')) ordersCalls += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ orders: [1, 2, 3] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// $uppercase of a number is a type error: the Result step fails, after Fetch orders and Total succeeded.
const failingGraph = (url: string) => ({
  nodes: [
    { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
    { id: 'fetch', type: 'http', name: 'Fetch orders', position: { x: 240, y: 0 }, config: { url: `${url}/orders` } },
    { id: 'total', type: 'transform', name: 'Total', position: { x: 480, y: 0 }, config: { expression: '$sum(steps.fetch.output.orders)' } },
    { id: 'result', type: 'output', name: 'Result', position: { x: 720, y: 0 }, config: { result: { total: '{{ $uppercase(steps.total.output) }}' } } },
  ],
  edges: [
    { id: 'input-fetch', source: 'input', target: 'fetch' },
    { id: 'fetch-total', source: 'fetch', target: 'total' },
    { id: 'total-result', source: 'total', target: 'result' },
  ],
  settings: { maxParallel: 4 },
});

interface ShownRun {
  id: string;
  status: string;
  input: unknown;
  output: unknown;
  rerunOfId: string | null;
  version: { number: number };
  steps: Array<{ nodeId: string; status: string; isReused: boolean }>;
  attempts: Array<{ nodeId: string }>;
}

const runIdOf = (page: Page) => new URL(page.url()).searchParams.get('run') ?? '';
const runPanel = (page: Page) => page.getByRole('region', { name: /^Run \w+$/ });
const short = (id: string) => id.slice(-8);

/** The panel shows the run (the URL changes first, while the previous run's header is still up) and it succeeded. */
async function untilSucceeded(page: Page, runId: string): Promise<void> {
  await expect(runPanel(page)).toHaveAccessibleName(`Run ${short(runId)}`);
  await expect(runPanel(page).locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
}

test('a failed run is fixed and re-run from its failed step, then re-run with the same input', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await mutate(page, 'teams.setNetworkPolicy', { allowPrivateNetwork: true });
  const name = `Rerun ${Date.now().toString(36)}`;
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name, description: '' });
  const mastery = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  await mutate(page, 'versions.saveDraft', { masteryId: created.id, baseVersionId: mastery.currentVersion.id, graph: failingGraph(baseUrl), note: 'failing' });

  let failedId = '';
  await test.step('the run fails at its Result step', async () => {
    await page.goto(`/masteries/${created.id}`);
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${name}` });
    await dialog.getByLabel('Input').fill('{ "batch": 7 }');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await expect(runPanel(page).locator('header').getByText('Failed', { exact: true })).toBeVisible({ timeout: 30_000 });
    failedId = runIdOf(page);
    expect(ordersCalls).toBe(1);
  });

  let fixedId = '';
  await test.step('fix the Result in the inspector, save, and re-run from the failed step', async () => {
    await page.getByRole('group', { name: 'Result', exact: true }).click();
    // With a run shown, the inspector opens on the step's data; its settings are the other tab.
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await inspector.getByRole('tab', { name: 'Settings' }).click();
    await inspector.getByLabel('Result (JSON)').fill('{ "total": "{{ steps.total.output }}" }');
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save a new draft' });
    await save.getByRole('button', { name: 'Save draft' }).click();
    await expect(save).toBeHidden();

    await runPanel(page).getByRole('button', { name: 'Re-run from failed step on v3' }).click();
    await expect.poll(() => runIdOf(page)).not.toBe(failedId);
    fixedId = runIdOf(page);
    await untilSucceeded(page, fixedId);
    await expect(runPanel(page).getByText(`Re-run from the failed step of #${short(failedId)}`)).toBeVisible();
    const steps = runPanel(page).getByRole('list', { name: 'Steps' }).getByRole('listitem');
    await expect(steps.filter({ hasText: 'Fetch orders' })).toContainText('reused');
    await expect(steps.filter({ hasText: 'Total' })).toContainText('reused');
    await expect(steps.filter({ hasText: 'Result' })).not.toContainText('reused');

    const run = await query<ShownRun>(page, 'runs.get', { id: fixedId });
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { total: 6 }, input: { batch: 7 }, rerunOfId: failedId, version: { number: 3 } });
    expect(run.steps.filter((s) => s.isReused).map((s) => s.nodeId).sort()).toEqual(['fetch', 'input', 'total']);
    // Only the failed step ran again: one attempt in the new run, and the endpoint was not called again.
    expect(run.attempts.map((a) => a.nodeId)).toEqual(['result']);
    expect(ordersCalls).toBe(1);
    await saveScreenshot(page, 'rerun-from-failed-step');
  });

  await test.step('re-run with the same input: a new run of the same version, linked both ways', async () => {
    await runPanel(page).getByRole('button', { name: 'Re-run with same input' }).click();
    await expect.poll(() => runIdOf(page)).not.toBe(fixedId);
    const againId = runIdOf(page);
    await untilSucceeded(page, againId);
    const again = await query<ShownRun>(page, 'runs.get', { id: againId });
    expect(again).toMatchObject({ input: { batch: 7 }, rerunOfId: fixedId, version: { number: 3 }, output: { total: 6 } });
    expect(again.steps.some((s) => s.isReused)).toBe(false);
    expect(ordersCalls).toBe(2);
    await expect(runPanel(page).getByText(`Re-run of #${short(fixedId)}`)).toBeVisible();

    // The other way: the run it re-ran lists it.
    await runPanel(page).getByRole('button', { name: `#${short(fixedId)}` }).click();
    await expect(runPanel(page)).toHaveAccessibleName(`Run ${short(fixedId)}`);
    await expect(runPanel(page).getByText('Re-run as')).toContainText(`#${short(againId)}`);
  });

  await test.step('the Runs page says which run a row re-ran, and re-runs a row', async () => {
    await page.goto('/runs');
    await page.getByRole('search', { name: 'Filter runs' }).getByRole('combobox', { name: 'Mastery' }).selectOption({ label: name });
    const rows = page.getByRole('table', { name: 'Team runs' }).locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(page.locator(`tr[data-run-id="${fixedId}"]`)).toContainText(`re-run from the failed step of #${short(failedId)}`);
    await page.locator(`tr[data-run-id="${failedId}"]`).getByRole('button', { name: /^Re-run .* with the same input$/ }).click();
    await expect(rows).toHaveCount(4);
    await expect(rows.first()).toContainText(`re-run of #${short(failedId)}`);
    await expect(rows.first()).toContainText('{"batch":7}');
    await expect(rows.first()).toContainText('Failed', { timeout: 30_000 });
    expect(ordersCalls).toBe(3);
    await saveScreenshot(page, 'rerun-runs-page');
  });
});
