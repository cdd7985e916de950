/**
 * The evolver's loop on a copy of the demo "Flaky import" (made through the API, so the demo itself and
 * other specs are untouched), tuned to stall every time: a run fails by timeout → a proposal appears with
 * a longer timeout and retries → its evidence shows the failed input now passing → an editor cannot
 * approve → an approver approves → the next run succeeds; rolling back makes the earlier version current
 * again, both in the audit log; comparing two versions shows the changed step's field diff.
 */
import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { demoOwner, mutate, newUser, query, signIn, signUp, stallingImport } from './support';

/** A new person who joins the demo team with `role` through an invite, in a browser of their own. */
async function member(browser: Browser, owner: Page, role: 'EDITOR' | 'APPROVER'): Promise<Page> {
  const person = newUser(role === 'EDITOR' ? 'Evo Editor' : 'Evo Approver');
  const invite = await mutate<{ path: string }>(owner, 'teams.invite', { email: person.email, role });
  const page = await (await browser.newContext()).newPage();
  await signUp(page, person);
  await mutate(page, 'teams.acceptInvite', { token: invite.path.split('/').pop() });
  return page;
}

async function runToEnd(page: Page, masteryId: string): Promise<string> {
  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId, input: { batch: 1 } });
  let status = 'QUEUED';
  await expect.poll(async () => (status = (await query<{ status: string }>(page, 'runs.get', { id: run.id })).status), { timeout: 30_000 }).toMatch(/SUCCEEDED|FAILED|CANCELLED/);
  return status;
}

test('a timed-out run gets a reviewed fix, an approver makes it current, and a rollback brings the old one back', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, demoOwner.email, demoOwner.password);
  const name = `Flaky import copy ${Date.now().toString(36)}`;
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name, description: 'A copy of the demo that stalls' });
  const first = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  const origin = new URL(page.url()).origin;
  const draft = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId: created.id, baseVersionId: first.currentVersion.id, graph: stallingImport(origin), note: 'Stalling import' });
  await mutate(page, 'versions.publish', { versionId: draft.id });
  await mutate(page, 'testInputs.create', { masteryId: created.id, name: 'second batch', input: { batch: 2 }, check: '$output.rows > 0' });

  await test.step('the run fails by timeout and a proposal with a longer timeout and retries appears', async () => {
    expect(await runToEnd(page, created.id)).toBe('FAILED');
    // The navigation counts open proposals once the evolver has stored one.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Review\s*\d+ open$/ })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    await page.goto('/review');
    const item = page.getByRole('list', { name: 'Open proposals' }).getByRole('listitem').filter({ hasText: name });
    await expect(async () => {
      await page.reload();
      await expect(item.getByText('Evidence passes')).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 90_000 });
    await expect(item).toContainText('timeout raised to 6.00 s');
    await expect(item).toContainText('retries up to 3 attempts');
    await item.getByRole('link', { name: `${name}: version 3` }).click();
    await page.waitForURL(/\/versions\?proposal=/);
  });

  const proposalUrl = page.url();
  await test.step('its evidence shows the failed input timing out before and passing now', async () => {
    const evidence = page.getByRole('table', { name: 'Evidence' });
    const failedInput = evidence.getByRole('row').filter({ hasText: 'Input of the failed run' });
    // Before: the 2 s timeout cut the 3 s answer; the proposal: passed.
    await expect(failedInput.getByRole('cell').nth(0).getByText('Timed out', { exact: true })).toBeVisible();
    await expect(failedInput.getByRole('cell').nth(1).getByText('Passed', { exact: true })).toBeVisible();
    const testInput = evidence.getByRole('row').filter({ hasText: 'second batch' });
    await expect(testInput.getByRole('cell').nth(1).getByText('Passed', { exact: true })).toBeVisible();
    const fields = page.getByRole('list', { name: 'Fields of import' });
    await expect(fields).toContainText('policy.timeoutMs');
    await expect(fields).toContainText('2000 → 6000');
    await expect(fields).toContainText('policy.retry');
  });

  await test.step('an editor sees no Approve button and the server refuses the call', async () => {
    const editor = await member(browser, page, 'EDITOR');
    await editor.goto(proposalUrl);
    await expect(editor.getByRole('heading', { name: 'Proposal: version 3' })).toBeVisible();
    await expect(editor.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    const proposalId = new URL(proposalUrl).searchParams.get('proposal');
    const refused = await editor.request.post('/api/trpc/evolution.approve', { data: { json: { proposalId } } });
    expect(refused.status()).toBe(403);
    await editor.context().close();
  });

  await test.step('an approver approves, and the next run succeeds', async () => {
    const approver = await member(browser, page, 'APPROVER');
    await approver.goto(proposalUrl);
    await approver.getByRole('button', { name: 'Approve' }).click();
    await expect(approver.getByRole('region', { name: 'Proposal version 3' }).getByText('approved', { exact: true })).toBeVisible();
    await approver.context().close();
    expect(await runToEnd(page, created.id)).toBe('SUCCEEDED');
  });

  await test.step('rolling back to version 2 makes it current again as version 4, both in the audit log', async () => {
    await page.goto(`/masteries/${created.id}/versions`);
    const versions = page.getByRole('table', { name: 'Versions' });
    await expect(versions.getByRole('row').filter({ hasText: 'v3' })).toContainText('Current');
    await versions.getByRole('button', { name: 'Make current version 2' }).click();
    const v4 = versions.getByRole('row').filter({ hasText: 'v4' });
    await expect(v4).toContainText('Current');
    await expect(v4).toContainText('Rollback to version 2');
    const log = page.getByRole('region', { name: 'Audit log' });
    await expect(log).toContainText('rolled back, making version 2 current again as version 4 (was version 3)');
    await expect(log).toContainText('approved version 3');
  });

  await test.step('comparing versions 2 and 3 shows the changed step with its field diff', async () => {
    const versions = page.getByRole('table', { name: 'Versions' });
    await versions.getByLabel('Select version 2 to compare').check();
    await versions.getByLabel('Select version 3 to compare').check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    const comparison = page.getByRole('region', { name: 'Comparison' });
    await expect(comparison.getByRole('heading', { name: 'Version 2 → version 3' })).toBeVisible();
    const changed = comparison.getByRole('list', { name: 'Changed steps' }).getByRole('listitem').filter({ hasText: 'Import batch' }).first();
    await expect(changed).toContainText('changed');
    await expect(changed).toContainText('policy.timeoutMs');
    await expect(changed).toContainText('2000 → 6000');
  });
});
