/**
 * Axe finds no serious or critical violation on the main pages: sign-in, the masteries list, the editor,
 * the run view (a finished run with a step's data open), metrics and team settings.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, rowsMastery, signIn, succeededRun } from './support';

test.use({ viewport: { width: 1440, height: 900 } });

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `${what}: serious or critical axe violations`).toEqual([]);
}

test('sign-in', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoSeriousViolations(page, 'sign-in');
});

test.describe('signed in', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, demoOwner.email, demoOwner.password);
  });

  test('masteries list', async ({ page }) => {
    await page.goto('/masteries');
    await expect(page.getByRole('heading', { name: 'Masteries', level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, 'masteries list');
  });

  test('editor, with a node and its expression editor open', async ({ page }) => {
    const mastery = await rowsMastery(page, 'Axe editor');
    await page.goto(`/masteries/${mastery.id}`);
    await page.getByRole('group', { name: 'Shape', exact: true }).click();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Expression', { exact: true })).toBeVisible();
    await expectNoSeriousViolations(page, 'editor');
  });

  test('run view, with a step’s data open', async ({ page }) => {
    const mastery = await rowsMastery(page, 'Axe run');
    const runId = await succeededRun(page, mastery.id);
    await page.goto(`/masteries/${mastery.id}?run=${runId}`);
    const panel = page.getByRole('region', { name: /^Run \w+$/ });
    await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible();
    await panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Fetch rows' }).getByRole('button').first().click();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
    await expectNoSeriousViolations(page, 'run view');
  });

  test('metrics', async ({ page }) => {
    await page.goto('/metrics');
    await expect(page.getByRole('heading', { name: 'Metrics', level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, 'metrics');
  });

  test('team settings', async ({ page }) => {
    await page.goto('/settings/team');
    await expect(page.getByRole('heading', { name: 'Team settings', level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, 'team settings');
  });
});
