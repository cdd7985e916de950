/**
 * A screenshot of every main screen at 1440×900, kept in e2e/.artifacts/ for review: sign-in, the
 * masteries list, the editor with a graph, the expression editor completing a field, the run view with a
 * step's data and its timeline, the team's runs, metrics, team settings (members, secrets), a mastery's
 * versions and the review page.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, rowsMastery, saveScreenshot, signIn, succeededRun } from './support';

test.use({ viewport: { width: 1440, height: 900 } });

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, level: 1 });

test('every main screen', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/signin');
  await expect(heading(page, 'Sign in')).toBeVisible();
  await saveScreenshot(page, 'screen-sign-in', { fullPage: false });

  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await rowsMastery(page, 'Screens');
  const runId = await succeededRun(page, mastery.id);

  await page.goto('/masteries');
  await expect(heading(page, 'Masteries')).toBeVisible();
  await saveScreenshot(page, 'screen-masteries', { fullPage: false });

  await page.goto(`/masteries/${mastery.id}`);
  await expect(page.getByRole('group', { name: 'Shape', exact: true })).toBeVisible();
  await saveScreenshot(page, 'screen-editor', { fullPage: false });

  await test.step('the run view: a step’s data, then the timeline of steps', async () => {
    await page.goto(`/masteries/${mastery.id}?run=${runId}`);
    const panel = page.getByRole('region', { name: /^Run \w+$/ });
    await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible();
    await panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Fetch rows' }).getByRole('button').first().click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await expect(inspector.getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
    await expect(inspector.getByRole('heading', { name: 'Output' })).toBeVisible();
    await saveScreenshot(page, 'screen-run-data', { fullPage: false });
    await panel.getByRole('list', { name: 'Steps' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'screen-run-timeline', { fullPage: false });
  });

  await test.step('the expression editor completing an upstream field from the run', async () => {
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    await page.getByRole('group', { name: 'Shape', exact: true }).click();
    await inspector.getByRole('tab', { name: 'Settings' }).click();
    const expression = inspector.getByLabel('Expression', { exact: true });
    await expression.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('steps.fetch.output.');
    await expect(page.getByRole('listbox').getByRole('option')).toHaveText([/^rows/, /^total/]);
    await saveScreenshot(page, 'screen-expression-editor', { fullPage: false });
    await page.keyboard.press('Escape');
  });

  await page.goto('/runs');
  await expect(heading(page, 'Runs')).toBeVisible();
  await saveScreenshot(page, 'screen-team-runs', { fullPage: false });

  await page.goto('/metrics');
  await expect(heading(page, 'Metrics')).toBeVisible();
  await saveScreenshot(page, 'screen-metrics', { fullPage: false });

  await page.goto('/settings/team');
  await expect(heading(page, 'Team settings')).toBeVisible();
  await saveScreenshot(page, 'screen-team-settings-members', { fullPage: false });
  await page.locator('#secrets').scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'screen-team-settings-secrets', { fullPage: false });

  await page.goto(`/masteries/${mastery.id}/versions`);
  await expect(heading(page, `Versions of ${mastery.name}`)).toBeVisible();
  await saveScreenshot(page, 'screen-versions', { fullPage: false });

  await page.goto('/review');
  await expect(heading(page, 'Review')).toBeVisible();
  await saveScreenshot(page, 'screen-review', { fullPage: false });
});
