/**
 * Editor speed: the production build on a throwaway data folder, driven by Debian's Chromium. Prints figures
 * only:
 * - graphs of 100 and 1,000 nodes (BENCH_SIZES): navigation to every node rendered, frame rates dragging a
 *   node and panning;
 * - a layered DAG of about 1,700 nodes and 5,000 edges with levels that fan out and in by 100 and more:
 *   first nodes shown, all nodes in view shown, frame rates panning and dragging at fit view and zoomed in,
 *   auto-layout time and its longest main-thread block;
 * - the inspector of the 1,000-node graph: keydown to next frame while typing a node's name.
 * The run view of a run of thousands of steps (panning, scrolling the steps, `runs.view` reads) is measured
 * by bench/run-view.ts: `npm run bench:run-view`.
 *
 *   npm run build && npm run bench:editor        (BENCH_PARTS=sizes,big,typing picks parts)
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { demoOwner, signIn } from '../e2e/support/auth';
import { layeredDag, type GeneratedGraph } from '../e2e/support/layered-dag';
import { startBenchServer } from './editor-server';
import {
  DOM_STATE,
  formatFrames,
  KEY_LATENCIES,
  LONG_TASKS,
  measureGesture,
  expectNodes,
  round,
  waitUntil,
  watchStyleChange,
  WATCH_KEYSTROKES,
  WATCH_LONG_TASKS,
  WATCH_NODES,
  ZOOM,
} from './editor-page';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);
const PARTS = new Set((process.env.BENCH_PARTS ?? 'sizes,big,typing').split(','));
const RENDER_TIMEOUT_MS = 60_000;
const COLUMNS = 25;
const root = path.resolve(import.meta.dirname, '..');

/** input → a grid of `delay` steps, each row a chain from the input, → output. */
function gridGraph(size: number): GeneratedGraph {
  const stepCount = size - 2;
  const nodes: GeneratedGraph['nodes'] = [{ id: 'input', type: 'input', name: 'Input', position: { x: -300, y: 0 }, config: {} }];
  const edges: GeneratedGraph['edges'] = [];
  for (let i = 0; i < stepCount; i += 1) {
    const column = i % COLUMNS;
    const id = `s_${i}`;
    nodes.push({ id, type: 'delay', name: `Step ${i}`, position: { x: column * 280, y: Math.floor(i / COLUMNS) * 110 }, config: { ms: 0 } });
    const source = column === 0 ? 'input' : `s_${i - 1}`;
    edges.push({ id: `e_${source}_${id}`, source, target: id });
  }
  nodes.push({ id: 'result', type: 'output', name: 'Result', position: { x: COLUMNS * 280, y: 0 }, config: {} });
  edges.push({ id: 'e_last_result', source: `s_${stepCount - 1}`, target: 'result' });
  return { nodes, edges, settings: { maxParallel: 4 } };
}

async function callApi<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error ?? response.status())}`);
  return body.result.data.json;
}

async function createMastery(page: Page, label: string, graph: GeneratedGraph): Promise<{ masteryId: string; versionId: string; url: string }> {
  const mastery = await callApi<{ id: string }>(page, 'masteries.create', { name: `Bench ${label} ${Date.now()}` });
  const version = await callApi<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph, note: 'bench' });
  return { masteryId: mastery.id, versionId: version.id, url: `/masteries/${mastery.id}?version=${version.id}` };
}

/** Navigates and waits until `count` nodes show; the times of the first and of all, from navigation start. */
async function openCanvas(page: Page, url: string, count: number): Promise<{ firstMs: number; allMs: number } | null> {
  await page.evaluate(expectNodes(count));
  await page.goto(url);
  try {
    await waitUntil(page, 'window.__allNodesAt !== null', RENDER_TIMEOUT_MS);
  } catch (error) {
    const seen = await page.evaluate<{ inDom: number; shown: number; transform: string }>(DOM_STATE);
    console.log(`  not all ${count} nodes shown: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (${seen.inDom} in the DOM, ${seen.shown} shown, viewport ${seen.transform})`);
    console.log(`  the watcher: ${JSON.stringify(await page.evaluate('({ first: window.__firstNodeAt, all: window.__allNodesAt, expected: localStorage.getItem("benchNodes"), url: location.href })'))}`);
    console.log(`  the page reads: ${(await page.evaluate<string>('document.body.innerText')).slice(0, 400).replaceAll('\n', ' | ')}`);
    return null;
  }
  const times = await page.evaluate<{ first: number; all: number }>('({ first: window.__firstNodeAt, all: window.__allNodesAt })');
  return { firstMs: Math.round(times.first), allMs: Math.round(times.all) };
}

async function paneBox(page: Page) {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('No canvas pane');
  return pane;
}

/** A node whose centre is inside the pane, away from its edges (the mini map and controls sit in corners). */
async function nodeInView(page: Page): Promise<{ x: number; y: number }> {
  const pane = await paneBox(page);
  const centre = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const pane = { x: ${pane.x + pane.width * 0.2}, y: ${pane.y + pane.height * 0.2}, r: ${pane.x + pane.width * 0.7}, b: ${pane.y + pane.height * 0.8} };
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const box = node.getBoundingClientRect();
      const x = box.x + box.width / 2, y = box.y + box.height / 2;
      if (x > pane.x && x < pane.r && y > pane.y && y < pane.b && node.style.visibility !== 'hidden') return { x, y };
    }
    return null;
  })()`);
  if (!centre) throw new Error('No node in view');
  return centre;
}

async function panAndDrag(page: Page, label: string): Promise<void> {
  const pane = await paneBox(page);
  // The drag first: the pan may carry a narrow graph out of the middle of the pane, where the node is picked.
  const drag = await measureGesture(page, await nodeInView(page), 120, 80);
  const pan = await measureGesture(page, { x: pane.x + 8, y: pane.y + pane.height / 2 }, 300, 150);
  console.log(`  pan ${label}:  ${formatFrames(pan)}`);
  console.log(`  drag ${label}: ${formatFrames(drag)}`);
}

/** Zooms with the wheel around the pane's centre until the zoom reaches `target`. */
async function zoomTo(page: Page, target: number): Promise<void> {
  const pane = await paneBox(page);
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 80 && (await page.evaluate<number>(ZOOM)) < target; i += 1) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(300);
}

async function benchSize(page: Page, size: number): Promise<void> {
  const { url } = await createMastery(page, `${size} nodes`, gridGraph(size));
  console.log(`\n${size}-node grid of chains`);
  const shown = await openCanvas(page, url, size);
  if (!shown) return;
  console.log(`  navigation → all ${size} nodes shown: ${shown.allMs} ms (first at ${shown.firstMs} ms)`);
  await page.waitForTimeout(500);
  await panAndDrag(page, 'at fit view');
}

async function benchBigGraph(page: Page): Promise<void> {
  const graph = layeredDag();
  const { url } = await createMastery(page, 'layered DAG', graph);
  console.log(`\nLayered DAG: ${graph.nodes.length} nodes, ${graph.edges.length} edges, levels fanning out and in by 100 and more`);
  // Fit view shows the whole graph: every node is in view once shown.
  const shown = await openCanvas(page, url, graph.nodes.length);
  if (!shown) return;
  console.log(`  navigation → first nodes shown: ${shown.firstMs} ms; all ${graph.nodes.length} nodes in view shown: ${shown.allMs} ms (zoom ${round(await page.evaluate<number>(ZOOM) * 1000) / 1000})`);
  await page.waitForTimeout(1000);
  await panAndDrag(page, 'at fit view');

  await page.evaluate(WATCH_LONG_TASKS);
  const result = '.react-flow__node[data-id="result"]';
  await page.evaluate(watchStyleChange(result, await page.locator(result).getAttribute('style')));
  await page.getByRole('button', { name: 'More actions' }).click();
  const item = page.getByRole('menuitem', { name: 'Auto-layout' });
  await item.waitFor();
  const started = await page.evaluate<number>('performance.now()');
  await item.click();
  await waitUntil(page, 'window.__changedAt !== null', 120_000);
  const layoutMs = Math.round((await page.evaluate<number>('window.__changedAt')) - started);
  await page.waitForTimeout(600);
  const longTasks = await page.evaluate<number[]>(LONG_TASKS);
  const columns = await page.evaluate<number>(`new Set([...document.querySelectorAll('.react-flow__node')].map((n) => n.style.transform)).size`);
  console.log(`  auto-layout: ${layoutMs} ms to nodes moved; longest main-thread block ${round(Math.max(0, ...longTasks))} ms (${longTasks.length} long tasks); ${columns} distinct places`);
  await panAndDrag(page, 'after layout, at fit view');
  await zoomTo(page, 1);
  await panAndDrag(page, `zoomed in (zoom ${round(await page.evaluate<number>(ZOOM))})`);
}

async function benchTyping(page: Page): Promise<void> {
  const { url } = await createMastery(page, 'typing', gridGraph(1000));
  console.log('\nInspector of the 1,000-node grid');
  await page.evaluate(expectNodes(0));
  await page.goto(url);
  await page.waitForSelector('.react-flow__node[data-id="s_0"]');
  await page.waitForTimeout(1500);
  await page.locator('.react-flow__node[data-id="s_0"]').click();
  const name = page.getByRole('complementary', { name: 'Inspector' }).getByLabel('Name');
  await name.click();
  await page.keyboard.press('End');
  await page.evaluate(WATCH_KEYSTROKES);
  await page.keyboard.type(' renamed with care', { delay: 80 });
  await page.waitForTimeout(500);
  const latencies = await page.evaluate<number[]>(KEY_LATENCIES);
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN);
  console.log(`  keydown → next frame, ${s.length} keystrokes: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${round(s.at(-1) ?? NaN)} ms`);
}

async function main(): Promise<void> {
  process.chdir(root);
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build in .next/: run `npm run build` first.');
  const server = await startBenchServer(root, randomBytes(32).toString('base64url'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(WATCH_NODES);
    await signIn(page, demoOwner.email, demoOwner.password);
    console.log('Editor bench: production build, Debian Chromium (headless), viewport 1280×800');
    if (PARTS.has('sizes')) for (const size of SIZES) await benchSize(page, size);
    if (PARTS.has('big')) await benchBigGraph(page);
    if (PARTS.has('typing')) await benchTyping(page);
    if (PARTS.has('run')) console.log('\nThe run view is measured by bench/run-view.ts: npm run bench:run-view');
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
