/**
 * The editor's Runs drawer: a run of an older version opens on that version (as the team's Runs page
 * opens it), through the unsaved-changes guard; a `?run=` link alone that shows a run on another version's
 * canvas says so, with the way to the run's version.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, mutate, query, signIn, succeededRun } from './support';

const SHOTS = '/tmp/wt-runs-shots';

/** input → one transform step → result; v2 and v3 differ by that step. */
function graph(step: { id: string; name: string }) {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
      { id: step.id, type: 'transform', name: step.name, position: { x: 280, y: 0 }, config: { expression: '{ "n": 1 }' } },
      { id: 'result', type: 'output', name: 'Result', position: { x: 560, y: 0 }, config: {} },
    ],
    edges: [
      { id: `e-input-${step.id}`, source: 'input', target: step.id },
      { id: `e-${step.id}-result`, source: step.id, target: 'result' },
    ],
  };
}

async function publish(page: Page, masteryId: string, baseVersionId: string, body: unknown): Promise<string> {
  const saved = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId, baseVersionId, graph: body, note: 'spec' });
  await mutate(page, 'versions.publish', { versionId: saved.id });
  return saved.id;
}

/** A mastery whose run ran v2, with v3 current since. */
async function runOfOlderVersion(page: Page) {
  const { id } = await mutate<{ id: string }>(page, 'masteries.create', { name: `Run versions ${Date.now().toString(36)}`, description: '' });
  const first = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id });
  const v2 = await publish(page, id, first.currentVersion.id, graph({ id: 'old', name: 'Old step' }));
  const runId = await succeededRun(page, id, {});
  await publish(page, id, v2, graph({ id: 'fresh', name: 'Fresh step' }));
  return { masteryId: id, v2, runId };
}

const toolbarOf = (page: Page) => page.getByRole('toolbar', { name: 'Editor' });
const drawerOf = (page: Page) => page.getByRole('complementary', { name: 'Runs' });
const noteOf = (page: Page) => page.getByRole('note', { name: 'Version of this run' });
const searchOf = (page: Page) => new URL(page.url()).searchParams;

test('a run of an older version opens on that version, and a canvas of another version says so', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const { masteryId, v2, runId } = await runOfOlderVersion(page);

  await test.step('a ?run= link alone shows the run on v3, and says it ran v2', async () => {
    await page.goto(`/masteries/${masteryId}?run=${runId}`);
    await expect(toolbarOf(page)).toContainText('v3 · current');
    await expect(noteOf(page)).toContainText('This run ran v2; the canvas shows v3');
    await expect(noteOf(page).getByRole('link', { name: 'Open v2 with this run' })).toHaveAttribute('href', `/masteries/${masteryId}?version=${v2}&run=${runId}`);
    await page.screenshot({ path: `${SHOTS}/run-on-other-version.png` });
  });

  await test.step('with unsaved edits, opening the run from the drawer asks first, and keeps them when refused', async () => {
    await page.getByRole('button', { name: 'Add Delay' }).click();
    await expect(toolbarOf(page)).toContainText('Unsaved changes');
    await toolbarOf(page).getByRole('button', { name: 'Runs', exact: true }).click();
    const row = drawerOf(page).getByRole('listitem').filter({ hasText: runId.slice(-8) });
    await expect(row).toContainText('opens v2');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await row.getByRole('link').click();
    await expect.poll(() => asked).toContain('unsaved changes');
    await expect(toolbarOf(page)).toContainText('Unsaved changes');
    await expect(toolbarOf(page)).toContainText('v3 · current');
    expect(searchOf(page).get('version')).toBeNull();

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('link').click();
    await page.waitForURL((url) => url.searchParams.get('version') === v2);
  });

  await test.step('on its own version, the canvas holds what ran and nothing needs saying', async () => {
    expect(searchOf(page).get('run')).toBe(runId);
    await expect(toolbarOf(page)).toContainText('v2 (published) · current is v3');
    await expect(page.getByTestId('node-old')).toBeVisible();
    await expect(page.getByTestId('node-fresh')).toHaveCount(0);
    await expect(page.getByRole('region', { name: `Run ${runId.slice(-8)}` }).getByText('Succeeded', { exact: true }).first()).toBeVisible();
    await expect(noteOf(page)).toHaveCount(0);
  });
});
