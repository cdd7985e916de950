/**
 * The security headers on real responses of the built app: a page (with its per-request CSP nonce) and an
 * API route. The CSP fixture also fails this spec if a page breaks its own policy.
 */
import { demoOwner, signIn } from './support';
import { expect, test } from './support/csp';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name = '', ...sources]) => [name, sources.join(' ')]),
  );
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

test('a page answers with a nonce-based CSP (no unsafe-eval or unsafe-inline scripts) and the common headers', async ({ request }) => {
  const first = await request.get('/signin');
  expect(first.status()).toBe(200);
  expect(first.headers()).toMatchObject(COMMON);
  const policy = directives(first.headers()['content-security-policy'] ?? '');
  const scripts = policy.get('script-src') ?? '';
  const nonce = /'nonce-([\w+/=-]+)'/.exec(scripts)?.[1];
  expect(nonce, scripts).toBeTruthy();
  expect(scripts).toContain("'strict-dynamic'");
  expect(scripts).not.toContain('unsafe-eval');
  expect(scripts).not.toContain('unsafe-inline');
  expect(policy.get('frame-ancestors')).toBe("'none'");
  expect(policy.get('object-src')).toBe("'none'");
  expect(policy.get('base-uri')).toBe("'self'");
  // Next.js put the nonce on its own scripts, and the next page view gets a new one.
  const html = await first.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<script(?![^>]*\bnonce=)[^>]*>/);
  const second = directives((await request.get('/signin')).headers()['content-security-policy'] ?? '');
  expect(second.get('script-src')).not.toBe(scripts);
});

test('an API route answers with a CSP that allows nothing and the common headers', async ({ request }) => {
  const response = await request.get('/api/trpc/masteries.list?input=' + encodeURIComponent(JSON.stringify({ json: {} })));
  expect(response.status()).toBe(401);
  expect(response.headers()).toMatchObject(COMMON);
  const policy = directives(response.headers()['content-security-policy'] ?? '');
  expect(policy.get('default-src')).toBe("'none'");
  expect(policy.get('frame-ancestors')).toBe("'none'");
});

test('a page that does not exist renders under the policy too', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to masteries' }).click();
  await expect(page).toHaveURL(/\/masteries$/);
});
