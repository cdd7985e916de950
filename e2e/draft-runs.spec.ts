/**
 * What you edit is what runs: a saved draft is what the editor opens again (and the list says a draft is
 * waiting), Run runs the version on the canvas, and unsaved changes are saved first when asked to.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { demoOwner, signIn } from './support';

const toolbarOf = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
const nodeOf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

async function setResult(page: Page, json: string): Promise<void> {
  await nodeOf(page, 'Result').click();
  await page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Result (JSON)').fill(json);
}

async function runOf(page: Page): Promise<{ status: string; version: { number: number }; output: unknown }> {
  const runId = new URL(page.url()).searchParams.get('run') ?? '';
  const input = encodeURIComponent(JSON.stringify({ json: { id: runId } }));
  const response = await page.request.get(`/api/trpc/runs.get?input=${input}`);
  const body = (await response.json()) as { result: { data: { json: { status: string; version: { number: number }; output: unknown } } } };
  return body.result.data.json;
}

async function startRun(page: Page, name: string, button: 'Start run' | 'Save and run'): Promise<void> {
  await toolbarOf(page).getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Run ${name}` });
  await dialog.getByLabel('Input').fill('{ "n": 1 }');
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: /^Run \w+$/ }).locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
}

test('a saved draft is opened again and runs; unsaved changes are saved before they run', async ({ page }) => {
  const name = `Drafts ${Date.now().toString(36)}`;
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/masteries');
  await page.getByRole('button', { name: 'New mastery' }).click();
  const create = page.getByRole('dialog', { name: 'New mastery' });
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden();
  await expect(toolbarOf(page)).toContainText('v1 · current');

  await test.step('save a draft and reload: the draft is open, and the list says it waits', async () => {
    await setResult(page, '{ "from": "draft two" }');
    await toolbarOf(page).getByRole('button', { name: 'Save', exact: true }).click();
    const save = page.getByRole('dialog', { name: 'Save a new draft' });
    await save.getByRole('button', { name: 'Save draft' }).click();
    await expect(save).toBeHidden();
    await page.reload();
    await expect(toolbarOf(page)).toContainText('Draft v2 · current is v1');
    await nodeOf(page, 'Result').click();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Result (JSON)')).toHaveText(/draft two/);
    await page.goto('/masteries');
    await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Draft v2');
    await page.getByRole('searchbox', { name: 'Search masteries' }).fill(name.toLowerCase());
    await page.getByRole('combobox', { name: 'Show' }).selectOption('With unpublished drafts');
    await expect(page.getByRole('row')).toHaveCount(2);
    await page.getByRole('combobox', { name: 'Show' }).selectOption('Last run failed');
    await expect(page.getByText('No mastery matches')).toBeVisible();
    await page.getByRole('combobox', { name: 'Show' }).selectOption('With unpublished drafts');
    await page.getByRole('link', { name, exact: true }).click();
  });

  await test.step('Run runs the draft on the canvas', async () => {
    await startRun(page, name, 'Start run');
    const run = await runOf(page);
    expect(run.version.number).toBe(2);
    expect(run.output).toEqual({ from: 'draft two' });
  });

  await test.step('with unsaved changes, Save and run saves a new draft and runs it', async () => {
    await page.getByRole('button', { name: 'Close run panel' }).click();
    await setResult(page, '{ "from": "unsaved three" }');
    await startRun(page, name, 'Save and run');
    const run = await runOf(page);
    expect(run.version.number).toBe(3);
    expect(run.output).toEqual({ from: 'unsaved three' });
    await expect(toolbarOf(page)).toContainText('Draft v3 · current is v1');
  });

  await test.step('publishing makes the draft current', async () => {
    await toolbarOf(page).getByRole('button', { name: 'Publish' }).click();
    // The whole label: "Draft v3 · current is v1", shown until the publish is stored, contains "v3 · current".
    await expect(toolbarOf(page).getByText('v3 · current', { exact: true })).toBeVisible();
    await page.goto('/masteries');
    await expect(page.getByRole('row').filter({ hasText: name })).not.toContainText('Draft v');
  });
});
