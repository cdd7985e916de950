/**
 * A mastery's earlier runs in the editor: the owner starts two runs of the demo "API report", finds both in
 * the Runs list, newest first, and opens the older one again in the run panel; the URL keeps it (?run=)
 * across a reload until the panel is closed. A viewer reads the runs too, with no Run button.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn } from './support';

const runPanelOf = (page: Page, shortId?: string) => page.getByRole('region', { name: shortId === undefined ? /^Run \w+$/ : `Run ${shortId}` });
// The drawer's heading says what it holds, and names its list.
const runRowsOf = (page: Page) => page.getByRole('complementary', { name: 'Runs' }).getByRole('list', { name: 'Runs of this mastery', exact: true }).getByRole('listitem');
const runInUrl = (page: Page) => new URL(page.url()).searchParams.get('run');

async function openApiReport(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await signIn(page, credentials.email, credentials.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();
}

/** Runs the open "API report" for one region, waits until the run panel shows it succeeded and returns its short id. */
async function runApiReport(page: Page, region: string): Promise<string> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run API report' });
  await dialog.getByLabel('Input').fill(JSON.stringify({ region }));
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();
  const panel = runPanelOf(page);
  // The region tells this run's panel from the one of the run before.
  await expect(panel.getByRole('group', { name: 'Run output' })).toContainText(`Sales report for ${region}`, { timeout: 30_000 });
  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible();
  const title = (await panel.getByRole('heading').textContent()) ?? '';
  return title.replace(/^Run /, '');
}

async function expectRunShown(page: Page, shortId: string, region: string): Promise<void> {
  const panel = runPanelOf(page, shortId);
  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible();
  await expect(panel.getByText('Run output', { exact: true })).toBeVisible();
  await expect(panel.getByRole('group', { name: 'Run output' })).toContainText(`Sales report for ${region}`);
  await expect(panel.getByRole('list', { name: 'Steps' }).getByRole('listitem')).toHaveCount(5);
}

test('the owner opens an earlier run from the Runs list, and the URL keeps it open across a reload', async ({ page }) => {
  await openApiReport(page, demoOwner);
  const older = await runApiReport(page, 'east');
  const newer = await runApiReport(page, 'west');
  expect(newer).not.toBe(older);

  await page.getByRole('button', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('complementary', { name: 'Runs' }).getByRole('heading', { level: 2 })).toHaveText('Runs of this mastery');
  const rows = runRowsOf(page);
  // Newest first: nothing else ran this mastery in between.
  await expect(rows.nth(0)).toContainText(newer);
  await expect(rows.nth(1)).toContainText(older);
  for (const row of [rows.nth(0), rows.nth(1)]) {
    await expect(row.getByText('Succeeded', { exact: true })).toBeVisible();
    await expect(row).toContainText(/v\d+/);
    await expect(row).toContainText(/tokens · \$/);
  }
  await expect(rows.nth(0).getByRole('button')).toHaveAttribute('aria-current', 'true');
  await saveScreenshot(page, 'editor-runs-list');

  await rows.nth(1).getByRole('button').click();
  await expectRunShown(page, older, 'east');
  await expect(runPanelOf(page, newer)).toHaveCount(0);
  await expect(rows.nth(1).getByRole('button')).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => runInUrl(page)).toMatch(new RegExp(`${older}$`));

  await page.reload();
  await expectRunShown(page, older, 'east');
  await expect.poll(() => runInUrl(page)).toMatch(new RegExp(`${older}$`));

  await runPanelOf(page, older).getByRole('button', { name: 'Close run panel' }).click();
  await expect(runPanelOf(page)).toHaveCount(0);
  await expect.poll(() => runInUrl(page)).toBeNull();
});

test('a viewer opens a run from the Runs list and reads it, with no Run button', async ({ browser, page }) => {
  // The owner's run, in a session of its own, so that this test does not depend on the one before.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await openApiReport(ownerPage, demoOwner);
  const shortId = await runApiReport(ownerPage, 'south');
  await ownerContext.close();

  await openApiReport(page, demoViewer);
  await expect(page.getByText('Read only')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Runs', exact: true }).click();
  const row = runRowsOf(page).filter({ hasText: shortId });
  await expect(row.getByText('Succeeded', { exact: true })).toBeVisible();
  await row.getByRole('button').click();
  await expectRunShown(page, shortId, 'south');
  await expect(runPanelOf(page, shortId).getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  await expect.poll(() => runInUrl(page)).toMatch(new RegExp(`${shortId}$`));
});
