/**
 * Team secrets from settings to an HTTP step: an owner adds one, picks it in an HTTP node's URL field,
 * replaces and deletes it; its value never reaches the browser (no page, no API response holds it).
 */
import { expect, test } from '@playwright/test';
import { demoOwner, signIn } from './support';

test('a secret is added in team settings, picked in an HTTP node, and its value never reaches the page', async ({ page }) => {
  const suffix = Date.now().toString(36).toUpperCase();
  const name = `E2E_TOKEN_${suffix}`;
  const value = `sv-${suffix}-never-shown`;
  const replaced = `sv-${suffix}-replaced`;
  const seen: string[] = [];
  page.on('response', (response) => {
    void response.text().then(
      (body) => seen.push(body),
      () => undefined,
    );
  });

  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/settings/team#secrets');
  const form = page.getByRole('form', { name: 'Add a secret' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Value').fill(value);
  await form.getByRole('button', { name: 'Add secret' }).click();
  const list = page.getByRole('list', { name: 'Secrets' });
  await expect(list.getByRole('code').filter({ hasText: name })).toBeVisible();
  await expect(form.getByLabel('Value')).toHaveValue('');

  await test.step('pick it in an HTTP node of a new mastery', async () => {
    await page.goto('/masteries');
    await page.getByRole('button', { name: 'New mastery' }).click();
    const create = page.getByRole('dialog', { name: 'New mastery' });
    const mastery = `Secret user ${suffix}`;
    await create.getByLabel('Name').fill(mastery);
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(create).toBeHidden();
    const canvas = page.getByLabel('Mastery canvas');
    await page.getByRole('button', { name: 'Add HTTP request' }).dragTo(canvas, { targetPosition: { x: 200, y: 200 } });
    await page.getByRole('group', { name: 'http', exact: true }).click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const url = inspector.getByLabel('URL', { exact: true });
    await url.fill('https://api.example.com/items?key=');
    await inspector.getByRole('combobox', { name: 'Insert a secret' }).first().selectOption(name);
    // The URL is a template field edited in CodeMirror: its text, not an input's value.
    await expect(url).toHaveText(`https://api.example.com/items?key={{ $secrets.${name} }}`);
  });

  await test.step('replace and delete it', async () => {
    await page.goto('/settings/team#secrets');
    await list.getByRole('button', { name: `Replace ${name}` }).click();
    await page.getByLabel(`New value for ${name}`).fill(replaced);
    await page.getByRole('button', { name: 'Save value' }).click();
    await expect(page.getByLabel(`New value for ${name}`)).toHaveCount(0);
    await list.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog', { name: `Delete ${name}?` }).getByRole('button', { name: 'Delete secret' }).click();
    await expect(page.getByRole('code').filter({ hasText: name })).toHaveCount(0);
  });

  const bodies = [...seen, await page.content()];
  expect(bodies.length).toBeGreaterThan(5);
  for (const body of bodies) {
    expect(body).not.toContain(value);
    expect(body).not.toContain(replaced);
  }
});
