import { demoOwner, saveScreenshot } from './support';
import { expect, test } from './support/csp';

test('a visitor who is not signed in is sent from / to the sign-in page, and lands in the app after signing in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin(\?|$)/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  // Signing in from the redirect must not loop back to sign-in through a page cached while signed out.
  await page.getByLabel('Email').fill(demoOwner.email);
  await page.getByLabel('Password').fill(demoOwner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/masteries$/);
  await expect(page.getByRole('link', { name: 'API report' })).toBeVisible();
  await saveScreenshot(page, 'masteries-demo-owner');
});

test('protected API procedures answer 401 to a visitor who is not signed in', async ({ request }) => {
  const response = await request.get('/api/trpc/masteries.list?input=' + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(response.status()).toBe(401);
  const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  expect(body.error?.json?.data?.code).toBe('UNAUTHORIZED');
});
