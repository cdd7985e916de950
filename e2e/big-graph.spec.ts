/**
 * A big real-shaped graph: 1,700 steps and 5,000 edges in levels that fan out and in by 100 and more. It
 * opens with every step shown, fit view holds it whole, and auto-layout lays it out in many columns near the
 * screen's proportions, not one long column, then fits it again. A small graph is laid out by elkjs in a
 * web worker, which the page's policy allows. Shape only: speed is bench/editor.ts's.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/csp';
import { layeredDag } from './support/layered-dag';
import { demoOwner, mutate, signIn } from './support';

interface Placed {
  id: string;
  /** In flow coordinates, from the node's transform. */
  x: number;
  y: number;
  /** On screen, whether its centre is inside the canvas pane. */
  isInPane: boolean;
  isShown: boolean;
}

const PLACED = `(() => {
  const pane = document.querySelector('.react-flow__pane').getBoundingClientRect();
  return [...document.querySelectorAll('.react-flow__node')].map((node) => {
    const [, x, y] = /translate\\(([-\\d.]+)px, ([-\\d.]+)px\\)/.exec(node.style.transform) ?? [];
    const box = node.getBoundingClientRect();
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    return { id: node.dataset.id, x: Number(x), y: Number(y), isShown: node.style.visibility !== 'hidden', isInPane: cx >= pane.left && cx <= pane.right && cy >= pane.top && cy <= pane.bottom };
  });
})()`;

const placed = (page: Page) => page.evaluate<Placed[]>(PLACED);

test('a 1,700-step graph opens whole in fit view, and auto-layout spreads it over many columns', async ({ page }) => {
  test.setTimeout(180_000);
  const graph = layeredDag();
  await signIn(page, demoOwner.email, demoOwner.password);
  const mastery = await mutate<{ id: string }>(page, 'masteries.create', { name: `Big graph ${Date.now().toString(36)}`, description: '' });
  const version = await mutate<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph, note: 'big graph spec' });
  await page.goto(`/masteries/${mastery.id}?version=${version.id}`);
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();

  const count = graph.nodes.length;
  await expect.poll(async () => (await placed(page)).filter((node) => node.isShown && node.isInPane).length, { timeout: 60_000 }).toBe(count);

  const before = new Map((await placed(page)).map((node) => [node.id, node]));
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Auto-layout' }).click();
  await expect.poll(async () => {
    const after = await placed(page);
    return after.filter((node) => node.x !== before.get(node.id)?.x || node.y !== before.get(node.id)?.y).length;
  }, { timeout: 60_000 }).toBeGreaterThan(count / 2);

  // Fit view again after the layout: every step on screen.
  await expect.poll(async () => (await placed(page)).filter((node) => node.isShown && node.isInPane).length, { timeout: 30_000 }).toBe(count);
  const after = await placed(page);
  const columns = new Set(after.map((node) => node.x));
  expect(columns.size).toBeGreaterThan(20);
  const xs = after.map((node) => node.x);
  const ys = after.map((node) => node.y);
  const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
  expect(aspect, 'width over height of the laid-out graph').toBeGreaterThan(0.6);
  expect(aspect).toBeLessThan(4);
  // Left to right: every edge's target is right of its source.
  const xOf = new Map(after.map((node) => [node.id, node.x]));
  const backwards = graph.edges.filter((edge) => (xOf.get(edge.target) ?? -Infinity) <= (xOf.get(edge.source) ?? Infinity));
  expect(backwards.map((edge) => edge.id)).toEqual([]);
});

test('a small graph is laid out left to right by elkjs in a worker the page policy allows', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const stacked = (id: string, type: string, y: number) => ({ id, type, name: id, position: { x: 0, y }, config: type === 'delay' ? { ms: 0 } : {} });
  const graph = {
    nodes: [stacked('input', 'input', 0), stacked('wait', 'delay', 150), stacked('result', 'output', 300)],
    edges: [
      { id: 'a', source: 'input', target: 'wait' },
      { id: 'b', source: 'wait', target: 'result' },
    ],
  };
  const mastery = await mutate<{ id: string }>(page, 'masteries.create', { name: `Small layout ${Date.now().toString(36)}`, description: '' });
  const version = await mutate<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph, note: 'small layout' });
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.goto(`/masteries/${mastery.id}?version=${version.id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Auto-layout' }).click();
  const xOf = async (id: string) => Number(/translate\(([-\d.]+)px/.exec((await page.locator(`.react-flow__node[data-id="${id}"]`).getAttribute('style')) ?? '')?.[1]);
  await expect.poll(async () => (await xOf('wait')) > (await xOf('input')) && (await xOf('result')) > (await xOf('wait'))).toBe(true);
  expect(workers.length, 'a web worker was started for the layout').toBeGreaterThan(0);
});
