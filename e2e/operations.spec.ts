/**
 * The operations page: the demo owner reaches it from team settings; the e2e server runs in one process on
 * the embedded database, so it says queue mode is off and how to turn it on. A viewer finds no link in team
 * settings, and the page itself tells them that only owners see operations.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, demoViewer, signIn } from './support';

test('an owner opens operations from team settings and reads that queue mode is off and how to turn it on', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/settings/team');
  await page.getByRole('link', { name: 'Open operations' }).click();
  await expect(page).toHaveURL(/\/settings\/operations$/);
  await expect(page.getByRole('heading', { name: 'Operations', level: 1 })).toBeVisible();
  await expect(page.getByText('Queue mode is off')).toBeVisible();
  await expect(page.getByText(/Set REDIS_URL with a PostgreSQL DATABASE_URL/)).toBeVisible();
  await expect(page.getByText('npm run worker')).toBeVisible();
});

test('a viewer has no link to operations and is told only owners see them', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.goto('/settings/team');
  await expect(page.getByRole('heading', { name: 'Team settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open operations' })).toHaveCount(0);
  await page.goto('/settings/operations');
  await expect(page.getByText(/Only owners of .+ see operations\./)).toBeVisible();
  await expect(page.getByText('Queue mode is off')).toHaveCount(0);
});
