/**
 * The mastery editor: build a three-step mastery from the palette, connect and configure it,
 * save and reload; undo/redo; a cycle refused as it is drawn; a bad import refused with nothing saved;
 * two sessions saving the same mastery get the conflict choice; a viewer cannot change anything.
 */
import type { Locator, Page } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn } from './support';
import { expect, test } from './support/csp';

const canvasOf = (page: Page) => page.getByLabel('Mastery canvas');
const nodeOf = (page: Page, name: string) => page.getByRole('group', { name, exact: true });
const inspectorOf = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });

async function createMastery(page: Page, name: string): Promise<string> {
  await page.goto('/masteries');
  await page.getByRole('button', { name: 'New mastery' }).click();
  const dialog = page.getByRole('dialog', { name: 'New mastery' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  // Create opens the new mastery in the editor.
  await expect(canvasOf(page)).toBeVisible();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/**
 * Drags from one handle to another as a hand would. `hover` waits until each handle is stable and really
 * under the pointer (not covered by the minimap or mid-animation); the stepped move lets React Flow check
 * the connection while the pointer is over the target.
 */
async function connect(page: Page, from: string, to: string): Promise<void> {
  // Every handle in view first: a node at the canvas edge may sit under the palette.
  await page.getByRole('button', { name: /fit view/i }).click();
  await page.getByLabel(from, { exact: true }).hover();
  await page.mouse.down();
  const target = page.getByLabel(to, { exact: true });
  const box = await target.boundingBox();
  if (!box) throw new Error(`cannot find the handle "${to}"`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
  await target.hover();
  await page.mouse.up();
}

async function trpcQuery(page: Page, path: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  return { status: response.status(), body: await response.json() };
}

interface SavedGraph {
  nodes: Array<{ id: string; type: string; name: string; config: unknown; policy?: unknown }>;
  edges: Array<{ source: string; target: string }>;
}

async function versionsOf(page: Page, masteryId: string): Promise<Array<{ id: string; number: number; status: string }>> {
  const { body } = await trpcQuery(page, 'versions.list', { masteryId });
  return (body as { result: { data: { json: Array<{ id: string; number: number; status: string }> } } }).result.data.json;
}

async function graphOf(page: Page, versionId: string): Promise<SavedGraph> {
  const { body } = await trpcQuery(page, 'versions.byId', { id: versionId });
  return (body as { result: { data: { json: { graph: SavedGraph } } } }).result.data.json.graph;
}

async function saveDraft(page: Page, note: string): Promise<Locator> {
  await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Save a new draft' });
  await dialog.getByLabel('Note').fill(note);
  await dialog.getByRole('button', { name: 'Save draft' }).click();
  return dialog;
}

test('builds, configures, saves and reloads a three-step mastery; undo, redo and a refused cycle', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const masteryId = await createMastery(page, `Doubler ${Date.now().toString(36)}`);

  await test.step('drag a Transform from the palette and wire input → transform → result', async () => {
    await page.getByRole('button', { name: 'Add Transform' }).dragTo(canvasOf(page), { targetPosition: { x: 220, y: 60 } });
    await expect(nodeOf(page, 'transform')).toBeVisible();
    await page.getByLabel('Edge from input to result').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect(page.getByLabel('Edge from input to result')).toHaveCount(0);
    await connect(page, 'Input output out', 'transform input');
    await connect(page, 'transform output out', 'Result input');
  });

  await test.step('configure each step through the inspector', async () => {
    await nodeOf(page, 'transform').click();
    const inspector = inspectorOf(page);
    await inspector.getByLabel('Name').fill('Double');
    await inspector.getByLabel('Expression').fill('input.n * 2');
    await inspector.getByLabel('Attempts').fill('3');
    await nodeOf(page, 'Result').click();
    await inspector.getByLabel('Result (JSON)').fill('{ "doubled": "{{ steps.transform.output }}" }');
    await nodeOf(page, 'Input').click();
    await inspector.getByLabel('Name').fill('Number in');
    await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');
  });

  await test.step('save a draft, reload: the same graph comes back', async () => {
    const dialog = await saveDraft(page, 'Doubles the input');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('toolbar', { name: 'Editor' })).toContainText('v2');
    const [latest] = await versionsOf(page, masteryId);
    expect(latest).toMatchObject({ number: 2, status: 'DRAFT' });
    await page.goto(`/masteries/${masteryId}?version=${latest?.id ?? ''}`);
    await expect(nodeOf(page, 'Double')).toBeVisible();
    await expect(nodeOf(page, 'Number in')).toBeVisible();
    await expect(page.getByLabel('Edge from input to transform')).toHaveCount(1);
    await expect(page.getByLabel('Edge from transform to result')).toHaveCount(1);
    const graph = await graphOf(page, latest?.id ?? '');
    expect(graph.nodes.map((n) => [n.id, n.type, n.name])).toEqual([
      ['input', 'input', 'Number in'],
      ['result', 'output', 'Result'],
      ['transform', 'transform', 'Double'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'transform')).toMatchObject({ config: { expression: 'input.n * 2' }, policy: { retry: { maxAttempts: 3 } } });
    expect(graph.edges.map((e) => `${e.source}→${e.target}`).sort()).toEqual(['input→transform', 'transform→result']);
    await saveScreenshot(page, 'editor-three-steps');
  });

  await test.step('undo and redo an added step', async () => {
    await page.getByRole('button', { name: 'Add Delay' }).click();
    await expect(nodeOf(page, 'delay')).toBeVisible();
    await canvasOf(page).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(nodeOf(page, 'delay')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+z');
    await expect(nodeOf(page, 'delay')).toBeVisible();
  });

  await test.step('a name typed key by key shows on its card, and one undo takes it all back', async () => {
    await nodeOf(page, 'delay').click();
    const name = inspectorOf(page).getByLabel('Name');
    await name.click();
    await name.press('End');
    await name.pressSequentially(' later', { delay: 30 });
    await expect(name).toHaveValue('delay later');
    await expect(nodeOf(page, 'delay later')).toBeVisible();
    await canvasOf(page).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(nodeOf(page, 'delay')).toBeVisible();
    await expect(nodeOf(page, 'delay later')).toHaveCount(0);
  });

  await test.step('an edge that would close a cycle is refused with the cycle named', async () => {
    await connect(page, 'Double output out', 'delay input');
    await expect(page.getByLabel('Edge from transform to delay')).toHaveCount(1);
    await connect(page, 'delay output out', 'Double input');
    // Named by card name with the id beside it, in a toast that clears itself.
    const toasts = page.getByRole('region', { name: /^Notifications/ });
    await expect(toasts).toContainText('This edge would close a cycle: "delay" → "Double" (transform) → "delay"');
    await expect(page.getByLabel('Edge from delay to transform')).toHaveCount(0);
    await expect(toasts.getByText('This edge would close a cycle')).toBeHidden({ timeout: 10_000 });
  });
});

test('a bad import is refused with its problems listed and nothing saved', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const masteryId = await createMastery(page, `Import target ${Date.now().toString(36)}`);
  const bad = {
    nodes: [
      { id: 'input', type: 'input', config: {} },
      { id: 'a', type: 'transform', config: { expression: 'input' } },
      { id: 'b', type: 'transform', config: { expression: 'steps.a.output' } },
      { id: 'ghost', type: 'teleport', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'a' },
      { id: 'e2', source: 'a', target: 'b' },
      { id: 'e3', source: 'b', target: 'a' },
    ],
  };
  await page.getByLabel('Import file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const dialog = page.getByRole('dialog', { name: 'Import refused' });
  await expect(dialog).toContainText(/Cycle: a → b → a|Cycle: b → a → b/);
  await expect(dialog).toContainText('unknown node type "teleport"');
  await saveScreenshot(page, 'editor-import-refused');
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect((await versionsOf(page, masteryId)).map((v) => v.number)).toEqual([1]);
  await expect(nodeOf(page, 'ghost')).toHaveCount(0);
});

test('two sessions save the same mastery: the second gets the conflict choice and loses nothing', async ({ browser, csp }) => {
  const first = await csp.watch(await browser.newContext()).newPage();
  const second = await csp.watch(await browser.newContext()).newPage();
  await signIn(first, demoOwner.email, demoOwner.password);
  const masteryId = await createMastery(first, `Shared ${Date.now().toString(36)}`);
  await signIn(second, demoOwner.email, demoOwner.password);
  await second.goto(`/masteries/${masteryId}`);
  await expect(canvasOf(second)).toBeVisible();

  await first.getByRole('button', { name: 'Add Merge' }).click();
  await expect(await saveDraft(first, 'first')).toBeHidden();

  await second.getByRole('button', { name: 'Add Sticky note' }).click();
  await saveDraft(second, 'second');
  const conflict = second.getByRole('dialog', { name: 'Someone saved a newer version' });
  await expect(conflict).toContainText('Version 2 was saved by Demo Owner');
  await conflict.getByRole('button', { name: 'Open theirs' }).click();
  await expect(conflict.getByRole('button', { name: 'Download my graph (JSON)' })).toBeVisible();
  await expect(conflict.getByRole('button', { name: 'Copy my graph' })).toBeVisible();
  await expect(conflict.getByRole('button', { name: 'Open theirs now' })).toBeVisible();
  await conflict.getByRole('button', { name: 'Back' }).click();
  await conflict.getByRole('button', { name: 'Save mine as a new draft on top' }).click();
  await expect(conflict).toBeHidden();
  await expect(second.getByRole('toolbar', { name: 'Editor' })).toContainText('v3');
  const versions = await versionsOf(second, masteryId);
  expect(versions.map((v) => v.number)).toEqual([3, 2, 1]);
  const mine = await graphOf(second, versions[0]?.id ?? '');
  expect(mine.nodes.map((n) => n.type)).toContain('note');
});

test('a viewer sees a read-only canvas and the API refuses a save', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(canvasOf(page)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Node palette' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await expect(page.getByText('Read only')).toBeVisible();
  await nodeOf(page, 'Summarise figures').click();
  await expect(inspectorOf(page).getByLabel('Name')).not.toBeEditable();
  await page.keyboard.press('Delete');
  await expect(nodeOf(page, 'Summarise figures')).toBeVisible();

  const masteryId = new URL(page.url()).pathname.split('/').pop() ?? '';
  const [current] = await versionsOf(page, masteryId);
  const response = await page.request.post('/api/trpc/versions.saveDraft', {
    data: { json: { masteryId, baseVersionId: current?.id ?? '', graph: { nodes: [] }, note: 'sneaky' } },
  });
  expect(response.status()).toBe(403);
  expect((await versionsOf(page, masteryId)).length).toBe(1);
});

test('screenshots of the editor with a demo mastery saved as a draft', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'API report', exact: true }).click();
  await expect(nodeOf(page, 'Fetch sales')).toBeVisible();
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Auto-layout' }).click();
  await expect(await saveDraft(page, 'Auto-laid out')).toBeHidden();
  await nodeOf(page, 'Fetch sales').click();
  await saveScreenshot(page, 'editor-demo-api-report');
});
