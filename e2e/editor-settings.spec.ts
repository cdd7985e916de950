/**
 * Mastery settings in the editor: name and description saved at once; max parallel steps, the
 * input schema and the result mapping are part of the draft (undoable, saved with it, back on reload).
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { demoOwner, signIn } from './support';

const canvasOf = (page: Page) => page.getByLabel('Mastery canvas');
const toolbarOf = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
const settingsOf = (page: Page) => page.getByRole('dialog', { name: 'Mastery settings' });

async function apiQuery<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

async function openSettings(page: Page) {
  await toolbarOf(page).getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await expect(settingsOf(page)).toBeVisible();
  return settingsOf(page);
}

test('settings: name and description saved, draft settings undone, redone, saved and reloaded', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const name = `Settings ${Date.now().toString(36)}`;
  await page.goto('/masteries');
  await page.getByRole('button', { name: 'New mastery' }).click();
  const create = page.getByRole('dialog', { name: 'New mastery' });
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(canvasOf(page)).toBeVisible();
  const masteryId = new URL(page.url()).pathname.split('/').pop() ?? '';

  let dialog = await openSettings(page);
  await dialog.getByLabel('Mastery name').fill(`${name} renamed`);
  await dialog.getByLabel('Description').fill('Answers one topic');
  await dialog.getByRole('button', { name: 'Save name and description' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Name and description saved.');
  // By tag: the modal dialog hides the rest of the page from the accessibility tree while it is open.
  await expect(page.locator('h1')).toHaveText(`${name} renamed`);

  await dialog.getByLabel('Max parallel steps').fill('7');
  await dialog.getByRole('button', { name: 'Add input field' }).click();
  await dialog.getByRole('group', { name: 'Input field 1' }).getByLabel('Field name').fill('topic');
  await dialog.getByRole('group', { name: 'Input field 1' }).getByLabel('Required').check();
  await dialog.getByLabel('Result mapping (JSON)').fill('{ "answer": "{{ input.topic }}" }');
  await page.keyboard.press('Escape');
  await expect(toolbarOf(page)).toContainText('Unsaved changes');

  await toolbarOf(page).getByRole('button', { name: 'Undo' }).click();
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Result mapping (JSON)')).toHaveText('');
  await page.keyboard.press('Escape');
  await toolbarOf(page).getByRole('button', { name: 'Redo' }).click();

  await toolbarOf(page).getByRole('button', { name: 'Save', exact: true }).click();
  const save = page.getByRole('dialog', { name: 'Save a new draft' });
  await save.getByRole('button', { name: 'Save draft' }).click();
  await expect(save).toBeHidden();

  const [latest] = await apiQuery<Array<{ id: string; number: number }>>(page, 'versions.list', { masteryId });
  expect(latest?.number).toBe(2);
  const version = await apiQuery<{ graph: { settings: unknown } }>(page, 'versions.byId', { id: latest?.id ?? '' });
  expect(version.graph.settings).toEqual({
    maxParallel: 7,
    inputSchema: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] },
    resultMapping: { answer: '{{ input.topic }}' },
  });

  await page.goto(`/masteries/${masteryId}?version=${latest?.id ?? ''}`);
  dialog = await openSettings(page);
  await expect(dialog.getByLabel('Mastery name')).toHaveValue(`${name} renamed`);
  await expect(dialog.getByLabel('Description')).toHaveValue('Answers one topic');
  await expect(dialog.getByLabel('Max parallel steps')).toHaveValue('7');
  await expect(dialog.getByLabel('Field name')).toHaveValue('topic');
  await expect(dialog.getByLabel('Result mapping (JSON)')).toHaveText(/"answer": "\{\{ input.topic \}\}"/);
});

test('leaving through a header link with unsaved changes asks first', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(canvasOf(page)).toBeVisible();
  const editorUrl = page.url();
  await page.getByRole('button', { name: 'Add Delay' }).click();
  await expect(toolbarOf(page)).toContainText('Unsaved changes');

  const header = page.getByRole('navigation', { name: 'Main' });
  page.once('dialog', (dialog) => void dialog.dismiss());
  await header.getByRole('link', { name: 'Agents' }).click();
  await expect(canvasOf(page)).toBeVisible();
  expect(page.url()).toBe(editorUrl);

  page.once('dialog', (dialog) => void dialog.accept());
  await header.getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('heading', { name: 'Agents', level: 1 })).toBeVisible();
});

test('inspector pickers: the agent by name, and upstream references inserted as {{ }} templates', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'Research and critique', exact: true }).click();
  await page.getByRole('group', { name: 'Synthesise', exact: true }).click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByLabel('Agent', { exact: true }).locator('option:checked')).toHaveText(/^Researcher · /);

  const prompt = inspector.getByLabel('Prompt', { exact: true });
  await prompt.fill('Summarise ');
  // Every string field may hold templates and has its own picker: take the prompt's (in its field).
  const promptField = prompt.locator('xpath=ancestor::div[.//select[@aria-label="Insert a reference"]][1]');
  const references = promptField.getByLabel('Insert a reference');
  await expect(references.locator('option')).toContainText(['Insert a reference…', 'steps.critique.output', 'steps.input.output', 'steps.research.output']);
  await references.selectOption('steps.critique.output');
  await expect(prompt).toHaveText('Summarise {{ steps.critique.output }}');
  await expect(promptField.getByTestId('expression-preview')).toContainText('No run data yet');
});
