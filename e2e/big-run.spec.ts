/**
 * The run view of a run of about 3,000 steps, opened while the run goes on: the steps list shows within
 * seconds with only the rows in view in the page, follows the run to its end, scrolls to its last step,
 * the canvas shows step statuses, and a step's data is read when it is opened. Speed is bench/run-view.ts's.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/csp';
import { bigRunGraph } from './support/big-run';
import { demoOwner, mutate, signIn } from './support';

const runPanel = (page: Page) => page.getByRole('region', { name: /^Run \w+$/ });

test('a 3,000-step run opens while it runs, lists its steps virtualised and follows it to the end', async ({ page }) => {
  test.setTimeout(300_000);
  const graph = bigRunGraph({ smallOutputs: true });
  const count = graph.nodes.length;
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await mutate<{ id: string }>(page, 'masteries.create', { name: `Big run ${Date.now().toString(36)}`, description: '' });
  const version = await mutate<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph, note: 'big run spec' });
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId: mastery.id, versionId: version.id, input: {} });

  const opened = Date.now();
  await page.goto(`/masteries/${mastery.id}?version=${version.id}&run=${run.id}`);
  const rows = runPanel(page).getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const shownAfterMs = Date.now() - opened;
  test.info().annotations.push({ type: 'steps shown after', description: `${shownAfterMs} ms` });
  expect(shownAfterMs).toBeLessThan(30_000);

  await expect(runPanel(page).locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 240_000 });
  // Every step has its row in the list, but only those in view are in the page.
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(count));
  const inPage = await rows.count();
  expect(inPage).toBeGreaterThan(3);
  expect(inPage).toBeLessThan(100);
  // The canvas is coloured by step status (only the nodes in view are rendered, all succeeded).
  await expect.poll(() => page.locator('.react-flow__node [data-run-status="SUCCEEDED"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await page.locator('.react-flow__node [data-run-status]:not([data-run-status="SUCCEEDED"])').count()).toBe(0);

  // The list scrolls to its last step: the output, which ran last.
  await rows.first().evaluate((row) => {
    const box = row.closest('ol')?.parentElement;
    if (box) box.scrollTop = box.scrollHeight;
  });
  const last = runPanel(page).getByRole('listitem').and(page.locator(`[aria-posinset="${count}"]`));
  await expect(last).toContainText('Result');

  // Opening a step reads its data: the result's input, from the step before it.
  await last.getByRole('button').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('tab', { name: 'Data', selected: true })).toBeVisible();
  await expect(inspector.getByRole('heading', { name: 'Input' })).toBeVisible();
  await expect(inspector.getByText('Succeeded').first()).toBeVisible();
});
