/**
 * What bench/editor.ts measures inside the page: frame times while a gesture runs, when nodes show, the
 * longest main-thread block (long tasks) over a span, and keystroke-to-next-frame latency.
 * Scripts are strings, not functions: tsx wraps named functions in a helper the page does not have. They
 * run through page.evaluate, which the page's content policy allows; page.waitForFunction compiles a
 * string with eval in the page, which the policy (no 'unsafe-eval') refuses.
 */
import type { Page } from '@playwright/test';

export interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  fps: number;
}

export const round = (n: number) => Math.round(n * 10) / 10;

/** Polls `expression` until it is true. Times that matter are taken inside the page, not by this loop. */
export async function waitUntil(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`Not true after ${timeoutMs / 1000} s: ${expression}`);
    await page.waitForTimeout(50);
  }
}

export function stats(deltas: readonly number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((sum, d) => sum + d, 0) / Math.max(1, sorted.length);
  return { frames: sorted.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), fps: round(1000 / mean) };
}

export const formatFrames = (s: FrameStats) => `${s.fps} fps (${s.frames} frames, median ${s.medianMs} ms, p95 ${s.p95Ms} ms)`;

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
const STOP_RECORDING = '(() => { window.__recording = false; return window.__deltas; })()';

/** Records rAF deltas while the mouse moves from `from` by (dx, dy) with the button held. */
export async function measureGesture(page: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<FrameStats> {
  await page.evaluate(START_RECORDING);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const steps = 60;
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(from.x + (dx * i) / steps, from.y + (dy * i) / steps);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  return stats(await page.evaluate<number[]>(STOP_RECORDING));
}

/** Records rAF deltas while the wheel scrolls over `at`. */
export async function measureScroll(page: Page, at: { x: number; y: number }, dy: number): Promise<FrameStats> {
  await page.mouse.move(at.x, at.y);
  await page.evaluate(START_RECORDING);
  for (let i = 0; i < 60; i += 1) {
    await page.mouse.wheel(0, dy / 60);
    await page.waitForTimeout(16);
  }
  return stats(await page.evaluate<number[]>(STOP_RECORDING));
}

/**
 * Installed once, run on every page: the time (since navigation start) at which the first canvas node and
 * all of the number expected (localStorage `benchNodes`, set before navigating) are shown.
 */
export const WATCH_NODES = `(() => {
  const count = Number(localStorage.getItem('benchNodes') ?? 'NaN');
  if (!(count > 0)) return;
  window.__firstNodeAt = null;
  window.__allNodesAt = null;
  const shown = () => [...document.querySelectorAll('.react-flow__node')].filter((n) => n.style.visibility !== 'hidden').length;
  const tick = () => {
    const n = shown();
    if (n > 0 && window.__firstNodeAt === null) window.__firstNodeAt = performance.now();
    if (n >= count) { window.__allNodesAt = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

export const expectNodes = (count: number) => `localStorage.setItem('benchNodes', '${count}')`;

export const DOM_STATE = `(() => {
  const nodes = [...document.querySelectorAll('.react-flow__node')];
  const viewport = document.querySelector('.react-flow__viewport');
  return { inDom: nodes.length, shown: nodes.filter((n) => n.style.visibility !== 'hidden').length, transform: viewport ? viewport.style.transform : 'none' };
})()`;

export const ZOOM = `(() => {
  const match = /scale\\(([\\d.e-]+)\\)/.exec(document.querySelector('.react-flow__viewport')?.style.transform ?? '');
  return match ? Number(match[1]) : NaN;
})()`;

/** Records in `window.__changedAt` the first frame at which `selector`'s style attribute is no longer `before`. */
export const watchStyleChange = (selector: string, before: string | null) => `(() => {
  window.__changedAt = null;
  const tick = () => {
    if (document.querySelector(${JSON.stringify(selector)})?.getAttribute('style') !== ${JSON.stringify(before)}) { window.__changedAt = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Long tasks (over 50 ms) from now on, read back with LONG_TASKS. */
export const WATCH_LONG_TASKS = `(() => {
  window.__longTasks = [];
  window.__longTaskObserver?.disconnect();
  window.__longTaskObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); });
  window.__longTaskObserver.observe({ type: 'longtask' });
})()`;
export const LONG_TASKS = '(() => { window.__longTaskObserver.disconnect(); return window.__longTasks; })()';

/** For each keydown in the document, the time to the start of the next frame after its handlers ran. */
export const WATCH_KEYSTROKES = `(() => {
  window.__keyLatencies = [];
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__keyLatencies.push(performance.now() - start), 0));
  }, { capture: true });
})()`;
export const KEY_LATENCIES = '(() => window.__keyLatencies)()';
