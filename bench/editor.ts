/**
 * Editor speed: the production build on a throwaway data folder, driven by Debian's Chromium.
 * For graphs of 100 and 1,000 nodes: time from navigation to every node rendered, and frame times
 * (requestAnimationFrame deltas) while dragging a node and while panning. Prints figures only.
 *
 *   npm run build && npm run bench:editor
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { demoOwner, signIn } from '../e2e/support/auth';
import { startBenchServer } from './editor-server';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number);
const RENDER_TIMEOUT_MS = 60_000;
const COLUMNS = 25;
const root = path.resolve(import.meta.dirname, '..');

/** input → a grid of `delay` steps, each row a chain from the input, → output. */
function generatedGraph(size: number) {
  const stepCount = size - 2;
  const nodes = [{ id: 'input', type: 'input', name: 'Input', position: { x: -300, y: 0 }, config: {} }];
  const edges: { id: string; source: string; target: string }[] = [];
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

async function createMastery(page: Page, size: number): Promise<string> {
  const mastery = await callApi<{ id: string }>(page, 'masteries.create', { name: `Bench ${size} nodes ${Date.now()}` });
  const version = await callApi<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph: generatedGraph(size), note: 'bench' });
  return `/masteries/${mastery.id}?version=${version.id}`;
}

interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  fps: number;
}

function stats(deltas: readonly number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((sum, d) => sum + d, 0) / Math.max(1, sorted.length);
  return { frames: sorted.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), fps: round(1000 / mean) };
}

const round = (n: number) => Math.round(n * 10) / 10;

// Strings, not functions: tsx wraps named functions in a helper the page does not have.
const START_RECORDING = `(() => {
  window.__deltas = [];
  window.__recording = true;
  let last = 0;
  const tick = (now) => {
    window.__deltas.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
})()`;
const DOM_STATE = `(() => {
  const nodes = [...document.querySelectorAll('.react-flow__node')];
  const viewport = document.querySelector('.react-flow__viewport');
  return { inDom: nodes.length, shown: nodes.filter((n) => n.style.visibility !== 'hidden').length, transform: viewport ? viewport.style.transform : 'none' };
})()`;
const STOP_RECORDING = '(() => { window.__recording = false; return window.__deltas; })()';
const ALL_RENDERED = (count: number) => `(() => {
  const nodes = document.querySelectorAll('.react-flow__node');
  return nodes.length >= ${count} && [...nodes].every((node) => node.style.visibility !== 'hidden');
})()`;

/** Records rAF deltas while `gesture` moves the mouse from `from` by (dx, dy) with the button held. */
async function measureGesture(page: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<FrameStats> {
  await page.evaluate(START_RECORDING);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const steps = 60;
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(from.x + (dx * i) / steps, from.y + (dy * i) / steps);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const deltas = await page.evaluate<number[]>(STOP_RECORDING);
  return stats(deltas);
}

async function benchSize(page: Page, size: number): Promise<void> {
  const url = await createMastery(page, size);
  const started = Date.now();
  await page.goto(url);
  try {
    await page.waitForFunction(ALL_RENDERED(size), undefined, { timeout: RENDER_TIMEOUT_MS, polling: 'raf' });
  } catch {
    const seen = await page.evaluate<{ inDom: number; shown: number; transform: string }>(DOM_STATE);
    console.log(`\n${size} nodes: not all rendered after ${RENDER_TIMEOUT_MS / 1000} s (${seen.inDom} in the DOM, ${seen.shown} shown, viewport ${seen.transform})`);
    return;
  }
  const renderMs = Date.now() - started;
  await page.waitForTimeout(500);

  const node = page.locator('.react-flow__node[data-id="s_0"]');
  const box = await node.boundingBox();
  if (!box) throw new Error('The first step is not on screen');
  const drag = await measureGesture(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, 120, 80);

  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('No canvas pane');
  const pan = await measureGesture(page, { x: pane.x + 8, y: pane.y + 8 }, 300, 150);

  console.log(`\n${size} nodes`);
  console.log(`  navigation → all ${size} nodes rendered: ${renderMs} ms`);
  console.log(`  drag a node: ${drag.frames} frames, median ${drag.medianMs} ms, p95 ${drag.p95Ms} ms, ${drag.fps} fps`);
  console.log(`  pan:         ${pan.frames} frames, median ${pan.medianMs} ms, p95 ${pan.p95Ms} ms, ${pan.fps} fps`);
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
    await signIn(page, demoOwner.email, demoOwner.password);
    console.log('Editor bench: production build, Debian Chromium (headless), viewport 1280×800');
    for (const size of SIZES) await benchSize(page, size);
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
