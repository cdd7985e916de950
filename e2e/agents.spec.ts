/**
 * The agents page: an owner creates and edits an agent (max tokens included), with the server's
 * field errors shown inline, archives and restores it; a viewer reads the same list and can change
 * nothing, in the UI or through the API.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, demoViewer, signIn } from './support';

test('an owner creates an agent, sees an inline error and edits it', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { name: 'Agents', level: 1 })).toBeVisible();

  const name = `Editor ${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'New agent' }).click();
  const dialog = page.getByRole('dialog', { name: 'New agent' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Specialty').fill('Tightens prose');
  await dialog.getByLabel('Capabilities').fill('editing, summarising');
  await dialog.getByLabel('System prompt').fill('You edit text for clarity.');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog.getByText('Enter a model')).toBeVisible();
  await dialog.getByLabel('Model').fill('gpt-4o-mini');
  await dialog.getByLabel('Temperature').fill('0.3');
  await dialog.getByLabel('Max tokens').fill('0');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog.getByText('Max tokens must be at least 1')).toBeVisible();
  await dialog.getByLabel('Max tokens').fill('300');
  await dialog.getByRole('button', { name: 'Create agent' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('list', { name: 'Agents' }).getByRole('listitem', { name });
  await expect(row).toContainText('Tightens prose');
  await expect(row).toContainText('temperature 0.3');
  await expect(row).toContainText('max 300 tokens');
  await expect(row).toContainText('summarising');

  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(edit.getByLabel('Model')).toHaveValue('gpt-4o-mini');
  await edit.getByLabel('Specialty').fill('Tightens and shortens prose');
  await edit.getByLabel('Temperature').fill('1.1');
  await edit.getByRole('button', { name: 'Save agent' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Tightens and shortens prose');
  await expect(row).toContainText('temperature 1.1');
  await expect(row).toContainText('max 300 tokens');

  // Archived agents leave the list; "Show archived" brings them back, to be restored.
  page.once('dialog', (confirm) => void confirm.accept());
  await row.getByRole('button', { name: `Archive ${name}` }).click();
  await expect(row).toHaveCount(0);
  await page.getByLabel('Show archived').check();
  await expect(page).toHaveURL(/\/agents\?archived=1$/);
  await expect(row.getByText('Archived', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Restore ${name}` }).click();
  await expect(row.getByText('Archived', { exact: true })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Edit ${name}` })).toBeVisible();
});

test('a viewer reads the agents but cannot change them', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
  const list = page.getByRole('list', { name: 'Agents' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'New agent' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Edit|Archive) / })).toHaveCount(0);

  await list.getByRole('button', { name: /^View / }).first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Name')).not.toBeEditable();
  await expect(dialog.getByLabel('System prompt')).not.toBeEditable();
  await expect(dialog.getByRole('button', { name: 'Save agent' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  const response = await page.request.post('/api/trpc/agents.create', { data: { json: { name: 'Sneaky', model: 'x' } } });
  expect(response.status()).toBe(403);
});
