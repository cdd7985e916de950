/** The editor's Runs drawer sits beside the inspector: neither covers the other, not even a strip of it. */
import { expect, test } from '@playwright/test';
import { demoOwner, rowsMastery, signIn, succeededRun } from './support';

test('the Runs drawer sits beside the inspector, leaving none of it half covered', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await rowsMastery(page, 'Drawer layout');
  const runId = await succeededRun(page, mastery.id);
  await page.goto(`/masteries/${mastery.id}?run=${runId}`);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector).toBeVisible();
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Runs', exact: true }).click();
  const drawer = page.getByRole('complementary', { name: 'Runs' });
  await expect(drawer.getByRole('listitem')).toHaveCount(1);

  const drawerBox = await drawer.boundingBox();
  const inspectorBox = await inspector.boundingBox();
  if (!drawerBox || !inspectorBox) throw new Error('the drawer or the inspector is not laid out');
  expect(inspectorBox.width).toBeGreaterThan(200);
  // Side by side: the inspector ends where the drawer begins, and the drawer ends inside the window.
  expect(inspectorBox.x + inspectorBox.width).toBeLessThanOrEqual(drawerBox.x + 1);
  expect(drawerBox.x + drawerBox.width).toBeLessThanOrEqual((page.viewportSize()?.width ?? 0) + 1);
  await page.screenshot({ path: '/tmp/wt-runs-shots/runs-drawer-beside-inspector.png' });
});
