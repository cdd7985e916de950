/**
 * The expression editor: after a run, typing an upstream step's path completes its output fields from the
 * run's data by keyboard (Enter accepts an option, even pressed straight after the last key), and the
 * preview shows the value against that data, computed in the browser (nothing typed goes to the server).
 * A viewer's expression field is read-only.
 */
import type { Page } from '@playwright/test';
import { demoOwner, demoViewer, rowsMastery, saveScreenshot, signIn } from './support';
// Fails on any Content Security Policy report: the lazily loaded editor and its styles must be allowed.
import { expect, test } from './support/csp';

test.use({ viewport: { width: 1440, height: 900 } });

const nodeOf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const inspectorOf = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

test('completes an upstream field from the last run and previews its value', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await rowsMastery(page, 'Expressions');
  await page.goto(`/masteries/${mastery.id}`);
  await nodeOf(page, 'Shape').click();
  const inspector = inspectorOf(page);
  const expression = inspector.getByLabel('Expression', { exact: true });
  await expect(expression).toHaveText('steps.fetch.output.total');
  await expect(inspector.getByTestId('expression-preview')).toContainText('No run data yet');

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Run ${mastery.name}` });
  await dialog.getByLabel('Input').fill('{ "topic": "tides" }');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: /^Run \w+$/ }).locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });

  const sent: string[] = [];
  page.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
  await nodeOf(page, 'Shape').click();
  await inspector.getByRole('tab', { name: 'Settings' }).click();
  await expression.click();
  await page.keyboard.press('ControlOrMeta+a');
  // Enter straight after the last key, while the list is still being refreshed for it: it must accept the
  // option, not type a new line.
  await page.keyboard.type('steps.fe', { delay: 50 });
  await page.keyboard.press('Enter');
  await expect(expression).toHaveText('steps.fetch');
  const completion = page.getByRole('listbox');
  await page.keyboard.type('.output.', { delay: 50 });
  // A `.` typed straight after accepting an option may come before the list reopens; Ctrl+Space asks again, as a user would.
  await page.keyboard.press('Control+Space');
  await expect(completion.getByRole('option')).toHaveText([/^rows/, /^total/]);
  await saveScreenshot(page, 'expression-editor-completion', { fullPage: false });
  await page.keyboard.press('Enter');
  await expect(expression).toHaveText('steps.fetch.output.rows');
  await page.keyboard.type('.ti', { delay: 50 });
  await page.keyboard.press('Enter');
  await expect(expression).toHaveText('steps.fetch.output.rows.title');

  const preview = inspector.getByTestId('expression-preview');
  await expect(preview).toContainText('"Moon"');
  await page.keyboard.type(' & input.to', { delay: 50 });
  await page.keyboard.press('Enter');
  await expect(expression).toHaveText('steps.fetch.output.rows.title & input.topic');
  await expect(preview).toContainText('"Moontides"');
  await page.keyboard.type(' +', { delay: 50 });
  await expect(preview).toContainText('failed');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await expect(preview).toContainText('"Moontides"');
  expect(sent.filter((line) => line.includes('rows.title')), 'the typed expression stays in the browser').toEqual([]);

  // The edits went into the editor's state like any other: the toolbar's Undo takes them back, Redo again.
  const toolbar = page.getByRole('toolbar', { name: 'Editor' });
  await expect(toolbar).toContainText('Unsaved changes');
  await expect(async () => {
    await toolbar.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(expression).toHaveText('steps.fetch.output.total', { timeout: 500 });
  }).toPass();
  await toolbar.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(expression).not.toHaveText('steps.fetch.output.total');
});

test('a viewer reads an expression but cannot change it', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await rowsMastery(page, 'Expressions');
  await page.context().clearCookies();
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.goto(`/masteries/${mastery.id}`);
  await nodeOf(page, 'Shape').click();
  const expression = inspectorOf(page).getByLabel('Expression', { exact: true });
  await expect(expression).toHaveAttribute('aria-readonly', 'true');
  await expression.click();
  await page.keyboard.type('xyz', { delay: 50 });
  await expect(expression).toHaveText('steps.fetch.output.total');
});
