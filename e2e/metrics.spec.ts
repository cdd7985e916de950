/**
 * Metrics: the demo owner runs "Research and critique" and finds it, and the agents its LLM steps ran as, in
 * the Metrics page's tables; the longer period keeps them; a viewer opens the page too.
 *
 * run-budget.spec.ts runs the same mastery (and may fail one run), so figures are checked as "at least",
 * never as exact counts.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn, startRunFromEditor } from './support';

const MASTERY = 'Research and critique';
// The seeded agents that mastery's llm steps use (prisma/seed/seed.ts).
const AGENTS = ['Researcher', 'Critic'] as const;
const POSITIVE_COUNT = /^[1-9][\d,]*$/;
const PERCENT = /^\d{1,3}%$/;

/** The cell of `rowName`'s row under the column headed `column`, found by the header's position. */
async function cell(table: Locator, rowName: string, column: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(column);
  expect(index, `column "${column}" among ${headers.join(', ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: rowName, exact: true }) });
  // The first column is the row header; the others are cells.
  return row.getByRole('cell').nth(index - 1);
}

async function expectMetricsListed(page: Page): Promise<void> {
  const masteries = page.getByRole('table', { name: 'Masteries' });
  await expect(masteries.getByRole('link', { name: MASTERY, exact: true })).toBeVisible();
  await expect(await cell(masteries, MASTERY, 'Runs')).toHaveText(POSITIVE_COUNT);
  await expect(await cell(masteries, MASTERY, 'Success rate')).toHaveText(PERCENT);
  const agents = page.getByRole('table', { name: 'Agents' });
  for (const agent of AGENTS) {
    await expect(await cell(agents, agent, 'LLM calls')).toHaveText(POSITIVE_COUNT);
    await expect(await cell(agents, agent, 'Tokens')).toHaveText(POSITIVE_COUNT);
  }
  await expect(page.getByRole('img', { name: /^Cost and runs per day from .*: [1-9][\d,]* runs?, \$/ })).toBeVisible();
}

test('after a run, the owner finds the mastery and its agents in Metrics, over 7 and 30 days', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);

  await test.step('the owner runs the mastery to the end', async () => {
    const panel = await startRunFromEditor(page, MASTERY);
    await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  });

  await test.step('Metrics, from the navigation, lists the mastery and its agents for the last 7 days', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
    await expect(page.getByRole('heading', { name: 'Metrics', level: 1 })).toBeVisible();
    const period = page.getByRole('group', { name: 'Period' });
    await expect(period.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
    await expectMetricsListed(page);
    await saveScreenshot(page, 'metrics-7-days');
  });

  await test.step('30 days keeps them', async () => {
    const period = page.getByRole('group', { name: 'Period' });
    await period.getByRole('link', { name: '30 days' }).click();
    await expect(page).toHaveURL(/\/metrics\?days=30$/);
    await expect(period.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page');
    await expectMetricsListed(page);
  });
});

test('a viewer opens Metrics from the navigation', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(page.getByRole('heading', { name: 'Metrics', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Masteries', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Agents', level: 2 })).toBeVisible();
});
