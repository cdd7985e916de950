/**
 * Versions inside the editor: the Versions panel lists every version; comparing two on the canvas colours
 * the changed step amber (with a sign, not only a colour), shows the removed one as a ghost and the added
 * one in green, and the selected step's field diff beside it; an old version opens read-only (kept on
 * reload); rolling back from the panel and making a version current from the read-only banner both show
 * in the audit log.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, mutate, query, saveScreenshot, signIn } from './support';

const at = (x: number, y = 0) => ({ x, y });

/** input → calc → (old | new) → result: v2 has `old`, v3 replaces it with `fresh` and changes calc. */
function graph(expression: string, tail: { id: string; name: string }) {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      { id: 'calc', type: 'transform', name: 'Calc', position: at(260), config: { expression } },
      { id: tail.id, type: 'transform', name: tail.name, position: at(520, tail.id === 'fresh' ? 160 : 0), config: { expression: 'steps.calc.output' } },
      // The output passes on what flows in, so only calc and the tail step differ between the versions.
      { id: 'result', type: 'output', name: 'Result', position: at(780), config: {} },
    ],
    edges: [
      { id: 'e-input-calc', source: 'input', target: 'calc' },
      { id: `e-calc-${tail.id}`, source: 'calc', target: tail.id },
      { id: `e-${tail.id}-result`, source: tail.id, target: 'result' },
    ],
    settings: { maxParallel: 4 },
  };
}

async function saveAndPublish(page: Page, masteryId: string, baseVersionId: string, body: unknown, note: string): Promise<string> {
  const saved = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId, baseVersionId, graph: body, note });
  await mutate(page, 'versions.publish', { versionId: saved.id });
  return saved.id;
}

test('compare on the canvas, open an old version read-only, and roll back from the editor', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, demoOwner.email, demoOwner.password);
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name: `Versions panel ${Date.now().toString(36)}`, description: '' });
  const first = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  const v2 = await saveAndPublish(page, created.id, first.currentVersion.id, graph('input.n * 2', { id: 'old', name: 'Old step' }), 'Doubles');
  await saveAndPublish(page, created.id, v2, graph('input.n * 3', { id: 'fresh', name: 'Fresh step' }), 'Triples');

  await page.goto(`/masteries/${created.id}`);
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Versions' }).click();
  const panel = page.getByRole('complementary', { name: 'Versions' });
  // Its heading says what it holds (not the Runs drawer's title), and names its list.
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Versions of this mastery');
  await expect(panel.getByRole('list', { name: 'Versions of this mastery', exact: true }).getByRole('article')).toHaveCount(3);
  await expect(panel.getByRole('article', { name: 'Version 3' })).toContainText('on the canvas');
  await expect(panel.getByRole('article', { name: 'Version 2' })).toContainText('Doubles');

  await test.step('comparing v2 with the canvas colours the steps, with signs and a legend', async () => {
    await panel.getByRole('link', { name: 'Compare version 2 with v3' }).click();
    await page.waitForURL(/view=.*compare=/);
    const banner = page.getByRole('region', { name: 'Version shown' });
    await expect(banner).toContainText('Comparing v2 → v3 (read-only)');
    await expect(banner.getByRole('list', { name: 'Legend' })).toContainText('Changed (1)');
    const calc = page.getByTestId('node-calc');
    await expect(calc).toHaveAttribute('data-diff', 'changed');
    await expect(calc).toContainText('~Changed');
    await expect(calc).toHaveClass(/border-warning-700/);
    await expect(page.getByTestId('node-old')).toHaveAttribute('data-diff', 'removed');
    await expect(page.getByTestId('node-old')).toContainText('−Removed');
    await expect(page.getByTestId('node-fresh')).toHaveAttribute('data-diff', 'added');
    await expect(page.getByTestId('node-input')).not.toHaveAttribute('data-diff', /.+/);

    await calc.click();
    const fields = page.getByRole('complementary', { name: 'Changes' }).getByRole('list', { name: 'Fields of calc' });
    await expect(fields).toContainText('config.expression');
    await expect(fields).toContainText('input.n * 2 → input.n * 3');
    await saveScreenshot(page, 'versions-canvas-diff');
  });

  await test.step('an old version opens read-only, and a reload keeps it', async () => {
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('complementary', { name: 'Versions' }).getByRole('link', { name: 'Open version 2 read-only' }).click();
    await page.waitForURL(/view=/);
    const banner = page.getByRole('region', { name: 'Version shown' });
    await expect(banner).toContainText('Viewing v2 (read-only)');
    await page.reload();
    await expect(banner).toContainText('Viewing v2 (read-only)');
    await expect(page.getByTestId('node-old')).toBeVisible();
    await expect(page.getByTestId('node-fresh')).toHaveCount(0);
    const toolbar = page.getByRole('toolbar', { name: 'Editor' });
    await expect(toolbar.getByText('Read only')).toBeVisible();
    await expect(toolbar.getByRole('button', { name: 'Save' })).toHaveCount(0);
    await expect(banner.getByRole('link', { name: 'Back to draft' })).toHaveAttribute('href', `/masteries/${created.id}`);
  });

  await test.step('rolling back from the Versions panel makes v2 current again as v4', async () => {
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Versions' }).click();
    const versions = page.getByRole('complementary', { name: 'Versions' });
    await versions.getByRole('button', { name: 'Make current version 2' }).click();
    const v4 = versions.getByRole('article', { name: 'Version 4' });
    await expect(v4).toContainText('Current');
    await expect(v4).toContainText('Rollback');
    await expect(v4).toContainText('Rollback to version 2');
    await expect(versions.getByRole('article', { name: 'Version 3' })).not.toContainText('Current');
  });

  await test.step('making v3 current from its read-only banner, then both in the audit log', async () => {
    await page.goto(`/masteries/${created.id}`);
    await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Versions' }).click();
    await page.getByRole('complementary', { name: 'Versions' }).getByRole('link', { name: 'Open version 3 read-only' }).click();
    const banner = page.getByRole('region', { name: 'Version shown' });
    await expect(banner).toContainText('Viewing v3 (read-only)');
    await banner.getByRole('button', { name: 'Make current' }).click();
    await page.waitForURL(/version=/);
    await expect(page.getByRole('toolbar', { name: 'Editor' })).toContainText('v5 · current');

    await page.goto(`/masteries/${created.id}/versions`);
    const log = page.getByRole('region', { name: 'Audit log' });
    await expect(log).toContainText('rolled back, making version 2 current again as version 4 (was version 3)');
    await expect(log).toContainText('rolled back, making version 3 current again as version 5 (was version 4)');
  });
});

test('an editor asks for a fix from a failed run, and follows the link to review it', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, demoOwner.email, demoOwner.password);
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name: `Propose a fix ${Date.now().toString(36)}`, description: '' });
  // Proposals are asked for here, not made on their own.
  await mutate(page, 'evolution.setMode', { masteryId: created.id, mode: 'OFF' });
  const first = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  const multiply = {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      { id: 'total', type: 'transform', name: 'Total', position: at(260), config: { expression: 'input.qty * input.price' } },
      { id: 'result', type: 'output', name: 'Result', position: at(520), config: {} },
    ],
    edges: [
      { id: 'e-input-total', source: 'input', target: 'total' },
      { id: 'e-total-result', source: 'total', target: 'result' },
    ],
    settings: { maxParallel: 4 },
  };
  await saveAndPublish(page, created.id, first.currentVersion.id, multiply, 'Multiplies');
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId: created.id, input: { qty: null, price: 3 } });
  await expect.poll(async () => (await query<{ status: string }>(page, 'runs.get', { id: run.id })).status, { timeout: 30_000 }).toBe('FAILED');

  await page.goto(`/masteries/${created.id}?run=${run.id}`);
  await page.getByRole('button', { name: 'Propose a fix' }).click();
  const dialog = page.getByRole('dialog', { name: 'Propose a fix' });
  await expect(dialog.getByLabel('Instruction (optional)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Propose', exact: true }).click();
  await expect(dialog.getByRole('status')).toContainText('Version 3 was proposed (guard-expression)', { timeout: 60_000 });
  await dialog.getByRole('link', { name: 'Review version 3' }).click();
  await page.waitForURL(/\/versions\?proposal=/);
  await expect(page.getByRole('heading', { name: 'Proposal: version 3' })).toBeVisible();
  await page.getByRole('link', { name: 'See them on the canvas' }).click();
  await page.waitForURL(/view=.*compare=/);
  await expect(page.getByTestId('node-total')).toHaveAttribute('data-diff', 'changed');
});
