/**
 * Metrics: the demo owner runs "Research and critique" and finds it, and the agents its LLM steps ran as, in
 * the Metrics page's tables and charts (axes, a tooltip on hover; the p95 header's hint says it is approximate); downloads the masteries table as CSV; the
 * longer period keeps them; the owner adds and removes a model price (a made-up model, so no other spec's
 * costs change); a viewer opens the page and cannot change prices.
 *
 * run-budget.spec.ts runs the same mastery (and may fail one run), so figures are checked as "at least",
 * never as exact counts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { ARTIFACTS_DIR, demoOwner, demoViewer, saveScreenshot, signIn, startRunFromEditor } from './support';

const MASTERY = 'Research and critique';
// The seeded agents that mastery's llm steps use (prisma/seed/seed.ts).
const AGENTS = ['Researcher', 'Critic'] as const;
const POSITIVE_COUNT = /^[1-9][\d,]*$/;
const PERCENT = /^\d{1,3}%$/;

/** The cell of `rowName`'s row under the column headed `column`, found by the header's position. */
async function cell(table: Locator, rowName: string, column: string): Promise<Locator> {
  const headers = (await table.getByRole('columnheader').allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(column);
  expect(index, `column "${column}" among ${headers.join(', ')}`).toBeGreaterThan(0);
  const row = table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name: rowName, exact: true }) });
  // The first column is the row header; the others are cells.
  return row.getByRole('cell').nth(index - 1);
}

async function expectMetricsListed(page: Page): Promise<void> {
  const masteries = page.getByRole('table', { name: 'Masteries' });
  await expect(masteries.getByRole('link', { name: MASTERY, exact: true })).toBeVisible();
  await expect(await cell(masteries, MASTERY, 'Runs')).toHaveText(POSITIVE_COUNT);
  await expect(await cell(masteries, MASTERY, 'Success rate')).toHaveText(PERCENT);
  const agents = page.getByRole('table', { name: 'Agents' });
  for (const agent of AGENTS) {
    await expect(await cell(agents, agent, 'LLM calls')).toHaveText(POSITIVE_COUNT);
    await expect(await cell(agents, agent, 'Tokens')).toHaveText(POSITIVE_COUNT);
  }
  const chart = page.getByRole('figure', { name: /^Cost and runs per day from .*: [1-9][\d,]* runs?, \$/ });
  await expect(chart).toBeVisible();
  await expect(chart.getByText('Cost (USD)', { exact: true })).toBeVisible();
  // The right axis and the legend both say "Runs"; the legend names each series.
  const legend = chart.getByRole('list');
  await expect(legend.getByText('Cost', { exact: true })).toBeVisible();
  await expect(legend.getByText('Runs', { exact: true })).toBeVisible();
  await expect(page.getByRole('figure', { name: /^Tokens per day from / }).getByText('Tokens', { exact: true })).toBeVisible();
}

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The cost axis reads true: its ticks are evenly spaced by the chart, so their labels must be too (rounded
 * labels are not, and may repeat), and the rotated title sits clear of them.
 */
async function expectCostAxisReadable(page: Page): Promise<void> {
  const chart = page.getByRole('figure', { name: /^Cost and runs per day from / });
  // Recharts draws tick labels in a layer of their own, apart from their axis: the cost ones are in dollars.
  const ticks = chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').filter({ hasText: /^\$/ });
  await expect(ticks.nth(2)).toBeVisible();
  const labels = (await ticks.allTextContents()).map((text) => text.trim());
  for (const label of labels) expect(label).toMatch(/^\$[\d,]+(\.\d+)?$/);
  expect(new Set(labels).size, `distinct ticks: ${labels.join(', ')}`).toBe(labels.length);
  const values = labels.map((label) => Number(label.replace(/[$,]/g, '')));
  const steps = values.slice(1).map((value, i) => value - (values[i] ?? 0));
  for (const step of steps) expect(step, `even steps: ${labels.join(', ')}`).toBeCloseTo(steps[0] ?? 0, 12);

  const title = await chart.getByText('Cost (USD)', { exact: true }).boundingBox();
  expect(title, 'the axis title has a size').not.toBeNull();
  for (const [i, tick] of (await ticks.all()).entries()) {
    const box = await tick.boundingBox();
    expect(box, `tick ${labels[i]} has a size`).not.toBeNull();
    if (box === null || title === null) return;
    expect(intersects(title, box), `the title overlaps tick ${labels[i]}`).toBe(false);
  }
}

/** Hovering today's end of the chart shows that day's figures in a tooltip. */
async function expectTooltip(page: Page): Promise<void> {
  const chart = page.getByRole('figure', { name: /^Cost and runs per day from / });
  const box = await chart.boundingBox();
  expect(box, 'the chart has a size').not.toBeNull();
  if (box === null) return;
  // Today is the last column, at the right end of the plot (left of the runs axis).
  await page.mouse.move(box.x + box.width - 70, box.y + box.height / 2);
  const tooltip = page.getByRole('tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(/[1-9][\d,]* runs?/);
  await expect(tooltip).toContainText(/\$\d/);
}

test('after a run, the owner finds the mastery and its agents in Metrics, over 7 and 30 days', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);

  await test.step('the owner runs the mastery to the end', async () => {
    const panel = await startRunFromEditor(page, MASTERY);
    await expect(panel.locator('header').getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  });

  await test.step('Metrics, from the navigation, lists the mastery and its agents for the last 7 days', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
    await expect(page.getByRole('heading', { name: 'Metrics', level: 1 })).toBeVisible();
    const period = page.getByRole('group', { name: 'Period' });
    await expect(period.getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
    await expectMetricsListed(page);
    await expectCostAxisReadable(page);
    await page.getByRole('figure', { name: /^Cost and runs per day from / }).screenshot({ path: path.join(ARTIFACTS_DIR, 'metrics-cost-chart.png') });
    await expectTooltip(page);
    await saveScreenshot(page, 'metrics-7-days');
  });

  await test.step('the p95 column says on hover that its figure is approximate', async () => {
    await page.getByRole('table', { name: 'Masteries' }).getByRole('columnheader', { name: 'p95 duration' }).getByText('p95 duration').hover();
    await expect(page.getByRole('tooltip')).toContainText(/^p95 ≈ .*within ±6%/);
  });

  await test.step('the masteries table downloads as CSV, names quoted as needed', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV of the masteries table' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^masteries-7-days-from-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...rows] = csv.split('\r\n');
    expect(header).toBe('Mastery,Runs,Succeeded,Failed,Success rate,p50 duration (ms),p95 duration (ms),Tokens,Cost (USD)');
    expect(rows.find((row) => row.startsWith(`${MASTERY},`))).toMatch(new RegExp(`^${MASTERY},[1-9]\\d*,`));
  });

  await test.step('30 days keeps them', async () => {
    const period = page.getByRole('group', { name: 'Period' });
    await period.getByRole('link', { name: '30 days' }).click();
    await expect(page).toHaveURL(/\/metrics\?days=30$/);
    await expect(period.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page');
    await expectMetricsListed(page);
  });
});

test('the owner adds a model price and removes it', async ({ page }) => {
  const model = `e2e-model-${Date.now().toString(36)}`;
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.goto('/metrics');
  const prices = page.getByRole('table', { name: 'Model prices' });
  const form = page.getByRole('form', { name: 'Add a model price' });
  await form.getByLabel('Model').fill(model);
  await form.getByLabel('Input, $ per million tokens').fill('0.25');
  await form.getByLabel('Output, $ per million tokens').fill('1.5');
  await form.getByRole('button', { name: 'Add price' }).click();
  const row = prices.getByRole('row').filter({ has: page.getByRole('rowheader', { name: model, exact: true }) });
  await expect(row).toContainText('$0.25');
  await expect(row).toContainText('$1.5');
  await row.getByRole('button', { name: `Remove ${model}` }).click();
  await expect(prices.getByRole('rowheader', { name: model, exact: true })).toHaveCount(0);
});

test('a viewer opens Metrics from the navigation and reads the prices without changing them', async ({ page }) => {
  await signIn(page, demoViewer.email, demoViewer.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await expect(page.getByRole('heading', { name: 'Metrics', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Masteries', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Agents', level: 2 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Model prices' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Add a model price' })).toHaveCount(0);
});
