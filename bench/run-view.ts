/**
 * The run view of a run of about 3,000 steps (the layered DAG of bench/editor.ts at 1.75 times its width,
 * its joining steps passing on null: e2e/support/big-run.ts), on the production build in Debian's Chromium,
 * opened as soon as the run starts. Prints figures only:
 * - `runs.view` over HTTP while the run executes and after it ended: time and size;
 * - frame rates panning the canvas (coloured by step status) and scrolling the steps list while the run
 *   executes (statuses arriving live), at fit view (every step drawn) and zoomed in, and after it ended;
 *   panning the same canvas at fit view without a run, to tell the run view's cost from the canvas's.
 *
 *   npm run build && npm run bench:run-view      (BENCH_STEP_MS: each delay step's wait, 1000 by default)
 *
 * BENCH_MERGED_OUTPUTS=1 runs the DAG as bench/editor.ts has it, each joining step merging its inputs'
 * outputs: the data grows level after level, and the run takes gigabytes of the server's memory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { demoOwner, mutate, signIn } from '../e2e/support';
import { bigRunGraph } from '../e2e/support/big-run';
import { startBenchServer } from './editor-server';
import { formatFrames, measureGesture, measureScroll, round, ZOOM } from './editor-page';

const RUN_TIMEOUT_MS = 10 * 60_000;
const root = path.resolve(import.meta.dirname, '..');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const FINAL = /SUCCEEDED|FAILED|CANCELLED/;

interface ViewRead {
  ms: number;
  bytes: number;
  status: string;
  steps: number;
}

/** One `runs.view` over HTTP, as the page reads it. */
async function readView(page: Page, id: string): Promise<ViewRead> {
  const started = performance.now();
  const response = await page.request.get(`/api/trpc/runs.view?input=${encodeURIComponent(JSON.stringify({ json: { id } }))}`);
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok()) throw new Error(`runs.view answered ${response.status()}: ${text.slice(0, 300)}`);
  const view = (JSON.parse(text) as { result: { data: { json: { status: string; stepsJson: string } } } }).result.data.json;
  return { ms, bytes: text.length, status: view.status, steps: (JSON.parse(view.stepsJson) as unknown[]).length };
}

function summary(reads: readonly ViewRead[]): string {
  const sorted = reads.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  const biggest = Math.max(...reads.map((r) => r.bytes));
  return `${reads.length} reads: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${round(sorted.at(-1) ?? NaN)} ms; up to ${round(biggest / 1024)} KB`;
}

async function measureView(page: Page, label: string, hasSteps = true): Promise<void> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('No canvas pane');
  const pan = await measureGesture(page, { x: pane.x + 8, y: pane.y + pane.height / 2 }, 300, 150);
  const list = hasSteps ? await page.getByRole('list', { name: 'Steps' }).boundingBox() : null;
  const scroll = list ? await measureScroll(page, { x: list.x + list.width / 2, y: list.y + 40 }, 6000) : null;
  console.log(`  ${label} (load ${load()}):`);
  console.log(`    pan the canvas:   ${formatFrames(pan)}`);
  if (scroll) console.log(`    scroll the steps: ${formatFrames(scroll)}`);
}

/** Zooms with the wheel over the pane's centre until a node is drawn at about its full size. */
async function zoomIn(page: Page): Promise<void> {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('No canvas pane');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 80 && (await page.evaluate<number>(ZOOM)) < 1; i += 1) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(500);
}

async function main(): Promise<void> {
  process.chdir(root);
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build in .next/: run `npm run build` first.');
  const smallOutputs = process.env.BENCH_MERGED_OUTPUTS !== '1';
  const stepMs = Number(process.env.BENCH_STEP_MS ?? 1000);
  const graph = bigRunGraph({ smallOutputs, stepMs });
  const server = await startBenchServer(root, randomBytes(32).toString('base64url'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, demoOwner.email, demoOwner.password);
    console.log(`Run view bench: production build, Debian Chromium (headless), viewport 1280×800, load ${load()}`);
    console.log(`A run of ${graph.nodes.length} steps (${graph.edges.length} edges, ${smallOutputs ? 'joining steps pass on null' : 'joining steps merge their inputs'}), 64 at once, delay steps of ${stepMs} ms`);
    const mastery = await mutate<{ id: string }>(page, 'masteries.create', { name: `Bench run view ${Date.now()}`, description: '' });
    const version = await mutate<{ id: string }>(page, 'versions.import', { masteryId: mastery.id, graph, note: 'bench' });
    const editorUrl = `/masteries/${mastery.id}?version=${version.id}`;

    // The same canvas without a run, to tell the run view's own cost from the canvas's.
    let navigated = Date.now();
    await page.goto(editorUrl);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    console.log(`  without a run: navigation → first canvas node shown: ${Date.now() - navigated} ms`);
    await page.waitForTimeout(1500);
    await measureView(page, 'the canvas without a run', false);

    const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId: mastery.id, versionId: version.id, input: {} });
    const started = Date.now();
    // The page's own reads of the view (the run panel refetches it on events, 250 ms apart at most).
    const viewReads: number[] = [];
    page.on('requestfinished', (request) => {
      // Batched with other queries in one request, the path names them all.
      if (request.url().includes('runs.view')) viewReads.push(request.timing().responseEnd);
    });
    navigated = Date.now();
    await page.goto(`${editorUrl}&run=${run.id}`);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    const nodeMs = Date.now() - navigated;
    const firstRow = page.getByRole('list', { name: 'Steps' }).getByRole('listitem').first();
    await firstRow.waitFor({ timeout: 120_000 });
    console.log(`  with the run, started just before: navigation → first canvas node ${nodeMs} ms, first step row ${Date.now() - navigated} ms (first runs.view answered in ${round(viewReads[0] ?? NaN)} ms)`);

    // A second reader beside the page's own (which refetches on every event, 250 ms apart at most).
    const during: ViewRead[] = [];
    let measuredLive = false;
    for (let last = await readView(page, run.id); !FINAL.test(last.status) && Date.now() - started < RUN_TIMEOUT_MS; last = await readView(page, run.id)) {
      during.push(last);
      if (!measuredLive) {
        measuredLive = true;
        await measureView(page, `while the run executes, at fit view (${last.steps} steps so far)`);
        await zoomIn(page);
        const steps = (await readView(page, run.id)).steps;
        await measureView(page, `while the run executes, zoomed in (zoom ${round(await page.evaluate<number>(ZOOM))}, ${steps} steps so far)`);
      }
      await page.waitForTimeout(500);
    }
    const status = (await readView(page, run.id)).status;
    console.log(`  the run: ${status} after ${Math.round((Date.now() - started) / 1000)} s`);
    if (during.length > 0) console.log(`  runs.view while it ran, read beside the page: ${summary(during)}`);
    const pageReads = [...viewReads].sort((x, y) => x - y);
    console.log(`  runs.view as the page read it until the end: ${pageReads.length} reads, median ${round(pageReads[Math.floor(pageReads.length / 2)] ?? NaN)} ms, max ${round(pageReads.at(-1) ?? NaN)} ms`);
    const after: ViewRead[] = [];
    for (let i = 0; i < 5; i += 1) after.push(await readView(page, run.id));
    console.log(`  runs.view after it ended (${after[0]?.steps} steps): ${summary(after)}`);

    await page.waitForTimeout(1500);
    console.log(`  ${await page.getByRole('list', { name: 'Steps' }).getByRole('listitem').count()} step rows in the page`);
    await measureView(page, `after the run ended, zoomed in (zoom ${round(await page.evaluate<number>(ZOOM))})`);
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
