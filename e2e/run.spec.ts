/**
 * Starting a run from the mastery editor: the owner runs the demo "API report" with its prefilled input
 * and watches it succeed in the run panel; a viewer gets no Run button.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn } from './support';

test('the owner runs the demo API report from the editor and sees it succeed', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run API report' });
  const input = dialog.getByLabel('Input');
  await expect(input).toBeVisible();
  expect(JSON.parse(await input.inputValue())).toEqual({ region: 'north' });
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();

  const panel = page.getByRole('region', { name: /^Run \w+$/ });
  await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByText('Run output', { exact: true })).toBeVisible();
  // The run output sits above the steps, as a tree: key, then the value.
  await expect(panel.getByRole('group', { name: 'Run output' })).toContainText('report: "Sales report for north');
  await expect(panel.getByRole('button', { name: 'Cancel run' })).toHaveCount(0);
  const steps = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(5);
  await expect(steps.first()).toContainText('Input');
  // A step of the list shows its node's data in the inspector.
  await steps.filter({ hasText: 'Write report' }).getByRole('button').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await expect(inspector.getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
  await expect(inspector.getByRole('group', { name: 'Output of Write report' })).toContainText('Sales report for north');
  // Its input is stored as a reference to the step before it, and shown resolved: that step's output.
  const stepInput = inspector.getByRole('group', { name: 'Input of Write report' });
  await expect(stepInput).toContainText('process');
  await expect(stepInput).toContainText('region: "north"');
  await expect(stepInput).not.toContainText('$from');
  await expect(page.getByTestId('node-fetch')).toHaveAttribute('data-run-status', 'SUCCEEDED');
  await saveScreenshot(page, 'editor-run-panel');
});

test('a bad input is refused in the dialog with the field named', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run API report' });
  await dialog.getByLabel('Input').fill('{ "region": "mars" }');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog.getByRole('alert')).toContainText('input.region');
  await dialog.getByLabel('Input').fill('[1, 2]');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog.getByText('The input must be a JSON object', { exact: false })).toBeVisible();
});

test('a viewer sees no Run button', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();
  await expect(page.getByText('Read only')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
});
