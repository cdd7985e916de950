/**
 * A live run moves on between its events: while a delay step waits (sending nothing), the run header's
 * Duration grows and the step's bar stretches over the timeline, past the few-millisecond steps before it.
 */
import { expect, test, type Locator } from '@playwright/test';
import { demoOwner, mutate, query, signIn } from './support';

const DELAY_MS = 20_000;

const graph = {
  nodes: [
    { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
    { id: 'pause', type: 'delay', name: 'Pause', position: { x: 280, y: 0 }, config: { ms: DELAY_MS } },
    { id: 'result', type: 'output', name: 'Result', position: { x: 560, y: 0 }, config: {} },
  ],
  edges: [
    { id: 'e-input-pause', source: 'input', target: 'pause' },
    { id: 'e-pause-result', source: 'pause', target: 'result' },
  ],
};

/** "850 ms", "2.01 s", "12.3 s" in milliseconds. */
function parseDuration(text: string): number {
  const match = /^([\d.]+) (ms|s)$/.exec(text.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** The width of the step's bar, in percent of the axis. */
async function barWidth(row: Locator): Promise<number> {
  const style = (await row.locator('span[aria-hidden="true"] > span.inset-y-0').getAttribute('style')) ?? '';
  return Number(/width:\s*([\d.]+)%/.exec(style)?.[1] ?? Number.NaN);
}

test('while a step waits without events, the run duration and its bar keep growing', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const { id: masteryId } = await mutate<{ id: string }>(page, 'masteries.create', { name: `Live clock ${Date.now().toString(36)}`, description: '' });
  const mastery = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: masteryId });
  const saved = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId, baseVersionId: mastery.currentVersion.id, graph, note: 'delay' });
  await mutate(page, 'versions.publish', { versionId: saved.id });
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId, input: {} });

  await page.goto(`/masteries/${masteryId}?run=${run.id}`);
  const panel = page.getByRole('region', { name: `Run ${run.id.slice(-8)}` });
  const pause = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Pause' });
  await expect(pause.getByText('Running', { exact: true })).toBeVisible();
  const duration = panel.locator('header dl > div').filter({ hasText: 'Duration' }).locator('dd');

  const durationMs = async () => parseDuration((await duration.textContent()) ?? '');
  const first = await durationMs();
  expect(first).toBeGreaterThanOrEqual(0);
  // No event comes while the delay runs: only a ticking clock moves these.
  await expect.poll(durationMs).toBeGreaterThan(first + 1_500);
  await expect.poll(() => barWidth(pause)).toBeGreaterThan(50);
  await expect(pause.getByText('Running', { exact: true })).toBeVisible();
  await page.screenshot({ path: '/tmp/wt-runs-shots/live-run-clock.png' });
  await mutate(page, 'runs.cancel', { id: run.id });
});
