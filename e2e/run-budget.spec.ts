/**
 * Budgets: the demo owner puts a daily token budget on "Research and critique" in Team settings and runs it.
 * The run starts (nothing was over budget), its first LLM steps run, the next LLM call is refused and the
 * run fails; a second start is refused in the Run dialog; the budget then shows more tokens used than it
 * allows, and the owner removes it. A viewer sees the budget but no controls.
 *
 * This changes the shared demo team, so the file sorts after live-run.spec.ts (whose run of the same
 * mastery must not be refused) and removes its budget even when it fails half-way.
 */
import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { demoOwner, demoViewer, saveScreenshot, signIn, startRunFromEditor } from './support';

const MASTERY = 'Research and critique';
const TOKENS_LINE = /^([\d,]+) of ([\d,]+) tokens? today$/;

function budgetRow(page: Page): Locator {
  return page.getByRole('list', { name: 'Budgets' }).getByRole('listitem').filter({ hasText: MASTERY });
}

/** Used and allowed tokens, read from the budget's "1,234 of 10,000 tokens today" line. */
async function tokensOf(row: Locator): Promise<{ used: number; max: number }> {
  const line = row.getByText(TOKENS_LINE);
  await expect(line).toBeVisible();
  const [, used = '', max = ''] = TOKENS_LINE.exec((await line.textContent()) ?? '') ?? [];
  return { used: Number(used.replaceAll(',', '')), max: Number(max.replaceAll(',', '')) };
}

async function openTeamSettings(page: Page): Promise<void> {
  await page.goto('/settings/team');
  await expect(page.getByRole('heading', { name: 'Budgets', exact: true })).toBeVisible();
}

// A safety net, not the check: the flow below removes its budget through the UI. Through the API, so that
// it still works when the page is what broke.
test.afterEach(async ({ page }) => {
  const listed = await page.request.get('/api/trpc/budgets.list');
  if (!listed.ok()) return;
  const body = (await listed.json()) as { result: { data: { json: Array<{ id: string; masteryName: string | null }> } } };
  for (const budget of body.result.data.json.filter((b) => b.masteryName === MASTERY)) {
    const removed = await page.request.post('/api/trpc/budgets.remove', { data: { json: { id: budget.id } } });
    expect(removed.ok(), `removing budget ${budget.id} after the test`).toBe(true);
  }
});

test('the budget form shows what is wrong under the field it concerns', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await openTeamSettings(page);
  await page.getByRole('button', { name: 'Add budget', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add budget' });
  const maxCost = dialog.getByLabel('Max cost (USD)', { exact: true });
  const maxTokens = dialog.getByLabel('Max tokens', { exact: true });

  // No limit at all: the server names the first limit field.
  await dialog.getByRole('button', { name: 'Add budget', exact: true }).click();
  await expect(maxCost).toHaveAccessibleDescription(/Set at least one limit/);
  await expect(maxCost).toHaveAttribute('aria-invalid', 'true');

  await maxTokens.fill('0');
  await dialog.getByRole('button', { name: 'Add budget', exact: true }).click();
  await expect(maxTokens).toHaveAccessibleDescription('Max tokens must be at least 1');
  await expect(maxCost).not.toHaveAttribute('aria-invalid');
  await saveScreenshot(page, 'team-settings-budget-form-error', { fullPage: false });

  // Not a number: caught in the browser, since the server would only see NaN.
  await maxTokens.fill('1');
  await maxCost.fill('five');
  await dialog.getByRole('button', { name: 'Add budget', exact: true }).click();
  await expect(maxCost).toHaveAccessibleDescription(/Enter a number/);
  await expect(maxTokens).not.toHaveAttribute('aria-invalid');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(budgetRow(page)).toHaveCount(0);
});

test('a token budget stops a run at its next LLM call, refuses the next start, and is removed', async ({ page, browser, baseURL }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const row = budgetRow(page);

  await test.step('the owner adds a daily budget of 1 token on the mastery', async () => {
    await openTeamSettings(page);
    await page.getByRole('button', { name: 'Add budget', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add budget' });
    await dialog.getByLabel('Scope').selectOption({ label: MASTERY });
    await dialog.getByLabel('Period').selectOption({ label: 'Per day' });
    await dialog.getByLabel('Max tokens', { exact: true }).fill('1');
    await dialog.getByRole('button', { name: 'Add budget', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('Per day');
    await expect(row.getByText(TOKENS_LINE)).toContainText('of 1 token today');
  });

  await test.step('the limit is set just above what was used today, so that the run may start', async () => {
    // Tokens count from 00:00 UTC, whenever the budget was added: after live-run.spec.ts ran this mastery
    // today they are above 1 already, and a start would be refused at once. Alone, this keeps the limit at 1.
    const { used } = await tokensOf(row);
    await row.getByRole('button', { name: /^Edit/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit budget' });
    await expect(dialog.getByLabel('Scope').locator('option:checked')).toHaveText(MASTERY);
    await expect(dialog.getByLabel('Period')).toHaveValue('DAY');
    const maxTokens = dialog.getByLabel('Max tokens', { exact: true });
    await expect(maxTokens).toHaveValue('1');
    await maxTokens.fill(String(used + 1));
    await dialog.getByRole('button', { name: 'Save budget' }).click();
    await expect(dialog).toBeHidden();
    // The list refreshes just after the dialog closes.
    await expect(row.getByText(TOKENS_LINE)).toHaveText(`${used.toLocaleString('en-US')} of ${(used + 1).toLocaleString('en-US')} token${used === 0 ? '' : 's'} today`);
  });

  await test.step('a viewer sees the budget but cannot change it', async () => {
    const context = await browser.newContext({ baseURL });
    const viewer = await context.newPage();
    await signIn(viewer, demoViewer.email, demoViewer.password);
    await openTeamSettings(viewer);
    await expect(budgetRow(viewer)).toContainText('Per day');
    await expect(viewer.getByRole('button', { name: 'Add budget' })).toHaveCount(0);
    await expect(budgetRow(viewer).getByRole('button')).toHaveCount(0);
    await context.close();
  });

  await test.step('a run starts, its next LLM call is refused and the run fails', async () => {
    const panel = await startRunFromEditor(page, MASTERY);
    await expect(panel.locator('header').getByText('Failed', { exact: true })).toBeVisible({ timeout: 30_000 });
    // Research and Critique start together, before either has spent a token; Synthesise comes after both.
    await expect(page.getByTestId('node-research')).toHaveAttribute('data-run-status', 'SUCCEEDED');
    await expect(page.getByTestId('node-critique')).toHaveAttribute('data-run-status', 'SUCCEEDED');
    await expect(page.getByTestId('node-synthesise')).toHaveAttribute('data-run-status', 'FAILED');
    await expect(panel.getByText('Run error', { exact: true })).toBeVisible();
    await expect(panel.getByRole('group', { name: 'Run error' })).toContainText('Budget exceeded');
    const synthesise = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Synthesise' });
    await expect(synthesise).toContainText('1 attempt');
    await synthesise.getByRole('button').click();
    const error = page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Error of Synthesise', exact: true });
    await expect(error).toContainText('the model was not called');
    await expect(error).toContainText('BUDGET_EXCEEDED');
  });

  await test.step('the next start is refused in the Run dialog and nothing starts', async () => {
    const panel = page.getByRole('region', { name: /^Run \w+$/ });
    const shownRun = await panel.getAttribute('aria-label');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Run ${MASTERY}` });
    await dialog.getByRole('button', { name: 'Start run' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('The run did not start');
    await expect(alert).toContainText(`Budget exceeded: the daily budget of "${MASTERY}"`);
    await expect(dialog).toBeVisible();
    await saveScreenshot(page, 'run-dialog-budget-exceeded', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('region', { name: /^Run \w+$/ })).toHaveAttribute('aria-label', shownRun ?? '');
    // The dialog's pointer to where budgets are kept.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await dialog.getByRole('link', { name: 'Team settings' }).click();
    await expect(page.getByRole('heading', { name: 'Team settings', exact: true })).toBeVisible();
  });

  await test.step('the budget shows more tokens used than it allows, and the owner removes it', async () => {
    await expect(page.getByRole('heading', { name: 'Budgets', exact: true })).toBeVisible();
    const { used, max } = await tokensOf(row);
    expect(used).toBeGreaterThan(max);
    await expect(row.getByText('Limit reached')).toBeVisible();
    await saveScreenshot(page, 'team-settings-budget-spent');
    await row.getByRole('button', { name: /^Remove/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove budget' });
    await expect(confirm).toContainText(MASTERY);
    await confirm.getByRole('button', { name: 'Remove budget' }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Budgets', exact: true })).toBeVisible();
    await expect(row).toHaveCount(0);
  });
});
