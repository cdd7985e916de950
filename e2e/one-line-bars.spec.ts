/**
 * The app header and the editor's toolbar stay on one line from 1024 px wide up: every link and button on
 * the same row, inside the bar, with its whole label shown. What does not fit (Create team, Sign out, the
 * editor's rarer actions) is in a menu.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '@playwright/test';
import { demoOwner, rowsMastery, saveScreenshot, signIn } from './support';

const WIDTHS = [1024, 1280] as const;

/** Each control's box and whether its text is cut (wider than the box that shows it). */
async function layoutOf(control: Locator) {
  const box = await control.boundingBox();
  const isCut = await control.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
  return { box, isCut };
}

async function expectOneLine(bar: Locator, controls: readonly Locator[], what: string): Promise<void> {
  const barBox = await bar.boundingBox();
  if (!barBox) throw new Error(`${what}: not shown`);
  let rowCentre: number | null = null;
  for (const control of controls) {
    const { box, isCut } = await layoutOf(control);
    const name = `${what}: ${control.toString()}`;
    expect(box, `${name} is shown`).not.toBeNull();
    if (!box) continue;
    const centre = box.y + box.height / 2;
    rowCentre ??= centre;
    expect(Math.abs(centre - rowCentre), `${name} is on the first control's row`).toBeLessThan(4);
    expect(box.x, `${name} starts inside the bar`).toBeGreaterThanOrEqual(barBox.x - 0.5);
    expect(box.x + box.width, `${name} ends inside the bar`).toBeLessThanOrEqual(barBox.x + barBox.width + 0.5);
    expect(isCut, `${name} shows its whole label`).toBe(false);
  }
}

function headerControls(page: Page): Locator[] {
  const header = page.getByRole('banner');
  const nav = header.getByRole('navigation', { name: 'Main' });
  return [
    header.getByRole('link', { name: 'Mastery Studio' }),
    ...['Masteries', 'Runs', 'Agents', 'Metrics', 'Review', 'Team settings'].map((name) => nav.getByRole('link', { name })),
    header.getByLabel('Team', { exact: true }),
    header.getByRole('button', { name: 'Account' }),
  ];
}

for (const width of WIDTHS) {
  test(`at ${width} px the header and the editor toolbar are one line each, nothing cut`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await signIn(page, demoOwner.email, demoOwner.password);
    for (const path of ['/masteries', '/settings/team']) {
      await page.goto(path);
      await expectOneLine(page.getByRole('banner'), headerControls(page), `header of ${path}`);
    }

    const mastery = await rowsMastery(page, 'A mastery with quite a long name for the toolbar');
    await page.goto(`/masteries/${mastery.id}`);
    const toolbar = page.getByRole('toolbar', { name: 'Editor' });
    await expect(toolbar.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
    await expectOneLine(page.getByRole('banner'), headerControls(page), 'header of the editor');
    const buttons = ['Undo', 'Redo', 'Runs', 'Versions', 'More actions', 'Publish', 'Save', 'Run'];
    // The long name gives way, truncated; the version badge beside it is shown whole.
    const badge = toolbar.getByText(/^(Draft )?v\d+ ·/);
    await expectOneLine(toolbar, [toolbar.getByRole('link', { name: 'All masteries' }), badge, ...buttons.map((name) => toolbar.getByRole('button', { name, exact: true }))], 'editor toolbar');
    const isBadgeWhole = await badge.evaluate((element) => element.getBoundingClientRect().right <= (element.parentElement?.getBoundingClientRect().right ?? 0) + 0.5);
    expect(isBadgeWhole, 'the version badge is shown whole').toBe(true);
    await expect(toolbar.getByRole('heading', { level: 1 })).toHaveText(mastery.name);
    await saveScreenshot(page, `one-line-bars-${width}`, { fullPage: false });
  });
}

test('the account menu says who is signed in and holds Create team and Sign out', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/masteries');
  await page.getByRole('banner').getByRole('button', { name: 'Account' }).click();
  const menu = page.getByRole('menu');
  await expect(menu).toContainText(`Signed in as ${demoOwner.email}`);
  await menu.getByRole('menuitem', { name: 'Create team' }).click();
  await expect(page).toHaveURL(/\/teams\/new$/);
  await page.getByRole('banner').getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
});
