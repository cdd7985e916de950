/**
 * Signing in and out against the built app: a crafted callbackUrl cannot carry a person off the site after
 * signing in, and a session cookie copied before sign-out is refused after it.
 */
import type { APIRequestContext } from '@playwright/test';
import { demoOwner, demoViewer } from './support';
import { expect, test } from './support/csp';

const ME = '/api/trpc/auth.me';

test('signing in from a link with a disguised off-site callbackUrl lands on the app', async ({ page, baseURL }) => {
  // `/<tab>/evil.example`: the browser drops the tab and reads `//evil.example`, another host.
  await page.goto('/signin?callbackUrl=%2F%09%2Fevil.example');
  await page.getByLabel('Email', { exact: true }).fill(demoOwner.email);
  await page.getByLabel('Password', { exact: true }).fill(demoOwner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/signin');
  expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? '').origin);
  await expect(page).toHaveURL(/\/masteries$/);
});

async function signInOverHttp(api: APIRequestContext): Promise<{ csrfToken: string; cookie: string }> {
  const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const signedIn = await api.post('/api/auth/callback/credentials', {
    form: { email: demoViewer.email, password: demoViewer.password, csrfToken, json: 'true' },
  });
  expect(signedIn.ok(), await signedIn.text()).toBe(true);
  const session = (await api.storageState()).cookies.find((c) => c.name === 'next-auth.session-token');
  if (!session) throw new Error('signing in set no session cookie');
  return { csrfToken, cookie: `${session.name}=${session.value}` };
}

test('a session cookie copied before sign-out is refused after it', async ({ playwright, baseURL }) => {
  const browserLike = await playwright.request.newContext({ baseURL });
  const { csrfToken, cookie } = await signInOverHttp(browserLike);
  const thief = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie } });
  expect((await thief.get(ME)).status()).toBe(200);

  const signedOut = await browserLike.post('/api/auth/signout', { form: { csrfToken, json: 'true' } });
  expect(signedOut.ok()).toBe(true);

  const refused = await thief.get(ME);
  expect(refused.status()).toBe(401);
  const body = (await refused.json()) as { error?: { json?: { data?: { code?: string } } } };
  expect(body.error?.json?.data?.code).toBe('UNAUTHORIZED');
  // Pages refuse it too: the app sends the copied cookie to sign-in.
  const pageResponse = await thief.get('/masteries', { maxRedirects: 0 });
  expect(pageResponse.status()).toBe(307);
  expect(pageResponse.headers()['location']).toContain('/signin');
  await Promise.all([browserLike.dispose(), thief.dispose()]);
});

test('signing out in one browser leaves another browser of the same person signed in', async ({ playwright, baseURL }) => {
  const laptop = await playwright.request.newContext({ baseURL });
  const phone = await playwright.request.newContext({ baseURL });
  const { csrfToken } = await signInOverHttp(laptop);
  await signInOverHttp(phone);
  await laptop.post('/api/auth/signout', { form: { csrfToken, json: 'true' } });
  expect((await laptop.get(ME)).status()).toBe(401);
  expect((await phone.get(ME)).status()).toBe(200);
  await Promise.all([laptop.dispose(), phone.dispose()]);
});
