/**
 * The editor as a full-screen product at 1440×900: the canvas takes most of the window with the side panels
 * open, nothing scrolls, the toolbar is one line; after a run, a node shows its data in the inspector's
 * Data tab (a model's Markdown rendered without raw HTML, an error as code and message); a viewer cannot
 * drag a node. Axe finds no serious or critical violation in the editor or the run view.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn } from './support';

test.use({ viewport: { width: 1440, height: 900 } });

const WIDTH = 1440;
const HEIGHT = 900;
const nodeOf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const inspectorOf = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.status(), `${path} answered ${response.status()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** input → llm (asked in Markdown, with a script tag) → a check that fails → output, published. */
async function reportMastery(page: Page): Promise<{ id: string; name: string }> {
  const name = `Layout ${Date.now().toString(36)}`;
  const { id } = await trpcMutation<{ id: string }>(page, 'masteries.create', { name, description: '' });
  const prompt = '# Findings\n\n- first point\n- second point\n\n<script>window.__injected = true</script>';
  const graph = {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
      { id: 'research', type: 'llm', name: 'Research', position: { x: 280, y: 0 }, config: { model: 'gpt-4o-mini', prompt } },
      { id: 'check', type: 'transform', name: 'Check figures', position: { x: 560, y: 0 }, config: { expression: '$error("Figures missing for the north region")' } },
      { id: 'result', type: 'output', name: 'Result', position: { x: 840, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'research' },
      { id: 'e2', source: 'research', target: 'check' },
      { id: 'e3', source: 'check', target: 'result' },
    ],
  };
  const version = await trpcMutation<{ id: string }>(page, 'versions.import', { masteryId: id, graph, note: 'layout spec' });
  await trpcMutation(page, 'versions.publish', { versionId: version.id });
  return { id, name };
}

async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `${what}: serious or critical axe violations`).toEqual([]);
}

test('the canvas fills the window, and a run’s data reads in the inspector', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await reportMastery(page);
  await page.goto(`/masteries/${mastery.id}`);
  const canvas = page.getByLabel('Mastery canvas');
  await expect(nodeOf(page, 'Research')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Node palette' })).toBeVisible();
  await expect(inspectorOf(page)).toBeVisible();

  await test.step('at 1440×900 the canvas takes most of the window, nothing scrolls, the toolbar is one line', async () => {
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    expect(box.width / WIDTH).toBeGreaterThanOrEqual(0.7);
    expect(box.height / HEIGHT).toBeGreaterThanOrEqual(0.8);
    const inspector = await inspectorOf(page).boundingBox();
    expect(inspector?.width ?? 0).toBeGreaterThanOrEqual(280);
    const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth }));
    expect(scroll).toEqual({ height: HEIGHT, width: WIDTH });
    const toolbar = page.getByRole('toolbar', { name: 'Editor' });
    const bar = await toolbar.boundingBox();
    expect(bar?.height ?? 0).toBeLessThanOrEqual(48);
    for (const button of ['Runs', 'Publish', 'Save', 'Run']) {
      const control = await toolbar.getByRole('button', { name: button, exact: true }).boundingBox();
      expect(control, `${button} is in the toolbar's one line`).not.toBeNull();
      expect((control?.y ?? 0) + (control?.height ?? 0)).toBeLessThanOrEqual((bar?.y ?? 0) + (bar?.height ?? 0));
    }
    await expectNoSeriousViolations(page, 'editor');
    await saveScreenshot(page, 'editor-layout-1440x900');
  });

  await test.step('a run: the canvas keeps most of its height, and the failed step is named', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${mastery.name}` });
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await expect(dialog).toBeHidden();
    const panel = page.getByRole('region', { name: /^Run \w+$/ });
    await expect(panel.locator('header').getByText('Failed', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(panel.locator('header')).toContainText('Started by');
    // Created as v1, then the imported graph became v2.
    await expect(panel.locator('header')).toContainText(/Version\s*v2/);
    const steps = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem');
    // Execution order, by start time: not the node ids' alphabetical order (check, input, research).
    await expect(steps.nth(0)).toHaveText(/^Input/);
    await expect(steps.nth(1)).toHaveText(/^Research/);
    await expect(steps.nth(2)).toHaveText(/^Check figures/);
    const box = await canvas.boundingBox();
    expect((box?.height ?? 0) / HEIGHT).toBeGreaterThanOrEqual(0.4);
    await expect(page.getByTestId('node-check')).toHaveAttribute('data-run-status', 'FAILED');
    await expect(page.getByTestId('node-check')).toContainText('Failed');
  });

  await test.step('clicking a node shows its output in the Data tab, the model’s Markdown rendered without raw HTML', async () => {
    await nodeOf(page, 'Research').click();
    await expect(inspectorOf(page).getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
    const output = inspectorOf(page).getByRole('group', { name: 'Output of Research' });
    await expect(output.getByRole('heading', { name: 'Findings' })).toBeVisible();
    await expect(output.getByRole('listitem')).toHaveText(['first point', 'second point']);
    await expect(output.locator('script')).toHaveCount(0);
    expect(await page.evaluate(() => 'injected' in window || '__injected' in window)).toBe(false);
    await inspectorOf(page).getByRole('tab', { name: 'Settings' }).click();
    await expect(inspectorOf(page).getByLabel('Prompt', { exact: true })).toBeVisible();
  });

  await test.step('an error shows its code and its message', async () => {
    await nodeOf(page, 'Check figures').click();
    const error = inspectorOf(page).getByRole('group', { name: 'Error of Check figures', exact: true });
    await expect(error).toContainText('Figures missing for the north region');
    await expect(error.getByRole('code')).toHaveText(/^[A-Z_]+$/);
    await expect(inspectorOf(page).getByRole('list', { name: 'Attempts of Check figures' }).getByRole('listitem')).toHaveCount(1);
    await expectNoSeriousViolations(page, 'run view');
    await saveScreenshot(page, 'editor-run-view-1440x900');
  });
});

test('a viewer sees read-only fields and cannot drag a node', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  const node = nodeOf(page, 'Fetch sales');
  await expect(node).toBeVisible();
  // Where the node sits on the graph (its translate), not on the screen: dragging may pan the view instead.
  const placeOf = () => node.evaluate((element) => (element as HTMLElement).style.transform);
  const before = await placeOf();
  const box = await node.boundingBox();
  if (!box) throw new Error('no node');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 160, box.y + box.height / 2 + 120, { steps: 10 });
  await page.mouse.up();
  expect(before).toMatch(/^translate\(/);
  expect(await placeOf()).toBe(before);

  await node.click();
  const name = inspectorOf(page).getByLabel('Name');
  await expect(name).not.toBeEditable();
  await expect(name).toHaveCSS('border-style', 'dashed');
});
