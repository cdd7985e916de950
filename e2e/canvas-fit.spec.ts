/**
 * The canvas keeps the whole graph in view when the run panel opens below it, as long as the person has
 * not moved the view; a view they zoomed stays exactly where they put it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { demoOwner, signIn, startRunFromEditor } from './support';

test.use({ viewport: { width: 1440, height: 900 } });

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { top: box.y, bottom: box.y + box.height, left: box.x, right: box.x + box.width };
}

/** The smallest box holding every node card. */
async function cardsBox(page: Page): Promise<Box> {
  const boxes = await Promise.all((await page.locator('.react-flow__node').all()).map(boxOf));
  expect(boxes.length).toBeGreaterThan(0);
  return {
    top: Math.min(...boxes.map((b) => b.top)),
    bottom: Math.max(...boxes.map((b) => b.bottom)),
    left: Math.min(...boxes.map((b) => b.left)),
    right: Math.max(...boxes.map((b) => b.right)),
  };
}

const viewportTransform = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

test('opening the run panel fits the graph into the smaller canvas', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const panel = await startRunFromEditor(page, 'API report');
  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  const canvas = await boxOf(page.locator('.react-flow'));
  // Fitting is instant, but the panel's first size settles over a frame or two.
  await expect(async () => {
    const cards = await cardsBox(page);
    expect(cards.top).toBeGreaterThanOrEqual(canvas.top);
    expect(cards.bottom).toBeLessThanOrEqual(canvas.bottom);
    expect(cards.left).toBeGreaterThanOrEqual(canvas.left);
    expect(cards.right).toBeLessThanOrEqual(canvas.right);
    // Centred, as a fit places it: not left where the taller canvas had its middle.
    const middle = (canvas.top + canvas.bottom) / 2;
    expect(Math.abs((cards.top + cards.bottom) / 2 - middle)).toBeLessThan(20);
  }).toPass({ timeout: 5_000 });
});

test('a view the person zoomed is kept when the run panel opens', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/masteries');
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  const canvas = page.getByLabel('Mastery canvas');
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  const box = await boxOf(canvas);
  await page.mouse.move((box.left + box.right) / 2, (box.top + box.bottom) / 2);
  await page.mouse.wheel(0, -300);
  let zoomed = '';
  await expect(async () => {
    zoomed = await viewportTransform(page);
    // Two reads a moment apart agree: the wheel's zoom has finished.
    await page.waitForTimeout(200);
    expect(await viewportTransform(page)).toBe(zoomed);
  }).toPass({ timeout: 5_000 });

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run API report' });
  await dialog.getByRole('button', { name: 'Start run' }).click();
  const panel = page.getByRole('region', { name: /^Run \w+$/ });
  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect(await viewportTransform(page)).toBe(zoomed);
});
