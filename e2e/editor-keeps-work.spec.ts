/**
 * The editor keeps a person's work and acts only where they are: Back with unsaved changes asks first;
 * a config problem shows under the one field it names; a JSON field follows Undo; arrow-key moves undo
 * like drags; graph shortcuts do nothing behind an open dialog; Ctrl+A selects the steps, and pasting
 * them keeps one input; the settings dialog closes with Done; Ctrl+S saves from inside a field.
 */
import type { Page } from '@playwright/test';
import { demoOwner, signIn } from './support';
import { expect, test } from './support/csp';

const canvasOf = (page: Page) => page.getByLabel('Mastery canvas');
const nodeOf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const inspectorOf = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
const cards = (page: Page) => page.locator('.react-flow__node');

async function createMastery(page: Page): Promise<void> {
  await page.goto('/masteries');
  await page.getByRole('button', { name: 'New mastery' }).click();
  const dialog = page.getByRole('dialog', { name: 'New mastery' });
  await dialog.getByLabel('Name').fill(`Keeps work ${Date.now().toString(36)}`);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(canvasOf(page)).toBeVisible();
}

async function addFromPalette(page: Page, title: string, at: { x: number; y: number }): Promise<void> {
  await page.getByRole('button', { name: `Add ${title}` }).dragTo(canvasOf(page), { targetPosition: at });
}

test('Back with unsaved changes asks first; staying keeps the edit, leaving goes back', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await createMastery(page);
  const editorUrl = page.url();
  await addFromPalette(page, 'Delay', { x: 300, y: 80 });
  await expect(nodeOf(page, 'delay')).toBeVisible();

  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.evaluate(() => window.history.back());
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('unsaved changes');
  await expect(page).toHaveURL(editorUrl);
  await expect(nodeOf(page, 'delay')).toBeVisible();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.evaluate(() => window.history.back());
  await expect(page).toHaveURL(/\/masteries$/);
  await expect(page.getByRole('button', { name: 'New mastery' })).toBeVisible();
});

test('a missing config value shows under its own field; a JSON field follows Undo', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await createMastery(page);
  await addFromPalette(page, 'Approval', { x: 300, y: 80 });
  const form = inspectorOf(page).getByRole('form', { name: 'Settings of approval' });
  await expect(form.getByLabel('Message')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Message')).toHaveAccessibleDescription(/Required \(string\)/);
  // One problem, one field: the optional ones beside it are not marked.
  await expect(form.locator('[aria-invalid="true"]')).toHaveCount(1);

  await nodeOf(page, 'Result').click();
  const resultForm = inspectorOf(page).getByRole('form', { name: 'Settings of Result' });
  const field = resultForm.getByLabel('Result (JSON)');
  await field.fill('{ "a": 1 }');
  await expect(field).toHaveText('{ "a": 1 }');
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Undo' }).click();
  await expect(field).toHaveText('');
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Redo' }).click();
  await expect(field).toContainText('"a": 1');
});

test('arrow-key moves undo; shortcuts wait behind a dialog; Ctrl+A, copy and paste; Done; Ctrl+S saves from a field', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await createMastery(page);
  await expect(cards(page)).toHaveCount(2);
  const result = nodeOf(page, 'Result');
  const transformOf = () => result.evaluate((el) => (el as HTMLElement).style.transform);

  await test.step('two arrow presses move the card; one Undo puts it back, and nothing else changes', async () => {
    const before = await transformOf();
    await result.click();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(transformOf).not.toBe(before);
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(transformOf).toBe(before);
    await expect(cards(page)).toHaveCount(2);
  });

  await test.step('with the shortcuts dialog open, Ctrl+D and Ctrl+Z leave the graph alone', async () => {
    await result.click();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: /shortcuts/i });
    await expect(help).toBeVisible();
    await page.keyboard.press('ControlOrMeta+d');
    await page.keyboard.press('ControlOrMeta+z');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(cards(page)).toHaveCount(2);
  });

  await test.step('Ctrl+A selects every card; pasting them keeps one input', async () => {
    await canvasOf(page).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('ControlOrMeta+a');
    await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
    await page.keyboard.press('ControlOrMeta+c');
    await page.keyboard.press('ControlOrMeta+v');
    await expect(cards(page)).toHaveCount(3);
    await expect(nodeOf(page, 'Input')).toHaveCount(1);
    await page.keyboard.press('ControlOrMeta+z');
    await expect(cards(page)).toHaveCount(2);
  });

  await test.step('the settings dialog closes with Done', async () => {
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Mastery settings' });
    await settings.getByRole('button', { name: 'Done' }).click();
    await expect(settings).toBeHidden();
  });

  await test.step('Ctrl+S in the Name field opens Save', async () => {
    // Undo brought back the selection of both cards: a click on the pane clears it first.
    await canvasOf(page).click({ position: { x: 20, y: 20 } });
    await result.click();
    const name = inspectorOf(page).getByLabel('Name', { exact: true });
    await name.fill('Answer');
    await name.press('ControlOrMeta+s');
    await expect(page.getByRole('dialog', { name: 'Save a new draft' })).toBeVisible();
  });
});
