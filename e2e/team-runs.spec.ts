/**
 * The team's Runs page: every mastery's runs in one list, filtered by status and mastery; a running
 * run's row moves on to its final status by itself.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, mutate, query, signIn } from './support';

const slowGraph = {
  nodes: [
    { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
    { id: 'wait', type: 'delay', name: 'Wait', position: { x: 240, y: 0 }, config: { ms: 4_000 } },
    { id: 'result', type: 'output', name: 'Result', position: { x: 480, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'input-wait', source: 'input', target: 'wait' },
    { id: 'wait-result', source: 'wait', target: 'result' },
  ],
  settings: { maxParallel: 4 },
};

test('the Runs page lists the team\'s runs, filters them, and a running row updates live', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const name = `Slow ${Date.now().toString(36)}`;
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name, description: '' });
  const mastery = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  const draft = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId: created.id, baseVersionId: mastery.currentVersion.id, graph: slowGraph, note: 'slow' });
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId: created.id, versionId: draft.id, input: { topic: 'live rows' } });

  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Runs', level: 1 })).toBeVisible();
  const filters = page.getByRole('search', { name: 'Filter runs' });
  await filters.getByRole('combobox', { name: 'Mastery' }).selectOption({ label: name });
  const row = page.locator(`tr[data-run-id="${run.id}"]`);
  await expect(row).toContainText('Running');
  await expect(row).toContainText('{"topic":"live rows"}');
  await expect(row).toContainText('v2');
  await expect(page.getByRole('table', { name: 'Team runs' }).locator('tbody tr')).toHaveCount(1);

  // No reload: the row follows the run to its end.
  await expect(row).toContainText('Succeeded', { timeout: 20_000 });

  await filters.getByRole('combobox', { name: 'Status' }).selectOption('FAILED');
  await expect(page.getByText('No runs match')).toBeVisible();
  await filters.getByRole('combobox', { name: 'Status' }).selectOption('SUCCEEDED');
  await expect(row).toBeVisible();

  await row.getByRole('link', { name }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Run \w+$/ })).toBeVisible();
});
