/**
 * A proposal's review page at 1440×900 on a copy of the demo "Flaky import" that stalls every time: its
 * evidence names steps by their card name and costs in the app's format, long values in the diff wrap
 * instead of widening the page, an empty rejection reason is named at its field, and once rejected the
 * same fix is not proposed again while the failed run's panel links to it.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, mutate, query, saveScreenshot, signIn, stallingImport } from './support';

type Queue = { items: Array<{ id: string; number: number; evidenceState: string }> };

test('a proposal reviewed at 1440×900, rejected, and not proposed again', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, demoOwner.email, demoOwner.password);
  const name = `Stalling import ${Date.now().toString(36)}`;
  const created = await mutate<{ id: string }>(page, 'masteries.create', { name, description: 'A copy of the demo that stalls' });
  const first = await query<{ currentVersion: { id: string } }>(page, 'masteries.byId', { id: created.id });
  const draft = await mutate<{ id: string }>(page, 'versions.saveDraft', { masteryId: created.id, baseVersionId: first.currentVersion.id, graph: stallingImport(new URL(page.url()).origin), note: 'Stalling import' });
  await mutate(page, 'versions.publish', { versionId: draft.id });

  const run = await mutate<{ id: string }>(page, 'runs.start', { masteryId: created.id, input: { batch: 1 } });
  let queue: Queue = { items: [] };
  await expect.poll(async () => (queue = await query<Queue>(page, 'evolution.queue', { masteryId: created.id })).items[0]?.evidenceState ?? 'NONE', { timeout: 120_000 }).not.toMatch(/NONE|PENDING/);
  const proposal = queue.items[0]!;

  await page.goto(`/masteries/${created.id}/versions?proposal=${proposal.id}`);
  const review = page.getByRole('region', { name: `Proposal version ${proposal.number}` });
  await expect(review.getByRole('table', { name: 'Evidence' })).toBeVisible();

  await test.step('evidence names the step by its card name and shows costs in the app format', async () => {
    const before = review.getByRole('table', { name: 'Evidence' }).getByRole('row').filter({ hasText: 'Input of the failed run' }).getByRole('cell').nth(0);
    await expect(before).toContainText('"Import batch" (import)');
    await expect(before).not.toContainText('Node "import"');
    await expect(review.getByRole('table', { name: 'Evidence' })).not.toContainText('$0.0000');
    await expect(before).toContainText('$0.00');
  });

  await test.step('the note says the timeout rule in milliseconds or seconds, never "0 s"', async () => {
    const note = review.getByText(/^Step "import" timed out after/);
    await expect(note).toContainText('timeout raised to 6.00 s');
    await expect(note).not.toHaveText(/(?<![\d.])0 s\b/);
  });

  await test.step('long JSON values in the diff wrap within the page', async () => {
    await expect(review.getByRole('list', { name: 'Fields of import' })).toContainText('"maxAttempts": 3');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    await saveScreenshot(page, 'proposal-review-1440');
  });

  await test.step('an empty reason is named at its field, without asking the server', async () => {
    const rejects: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('evolution.reject')) rejects.push(request.url());
    });
    await review.getByRole('button', { name: 'Reject', exact: true }).click();
    await review.getByRole('button', { name: `Reject version ${proposal.number}` }).click();
    const reason = review.getByRole('textbox', { name: 'Reason for rejecting' });
    await expect(reason).toHaveAccessibleDescription('Say why you reject this proposal');
    await expect(review.getByRole('alert')).toHaveCount(0);
    expect(rejects).toEqual([]);
    await reason.fill('Three times the timeout hides a slow upstream');
    await review.getByRole('button', { name: `Reject version ${proposal.number}` }).click();
    await expect(review.getByText('rejected', { exact: true })).toBeVisible();
  });

  await test.step("the failed run's panel links to its proposal, and asking again does not repeat the rejected fix", async () => {
    await page.goto(`/masteries/${created.id}?run=${run.id}`);
    const proposals = page.getByRole('list', { name: 'Proposals for this run' });
    await expect(proposals).toContainText(`version ${proposal.number}`);
    await expect(proposals).toContainText('rejected: Three times the timeout hides a slow upstream');
    await expect(proposals.getByRole('link', { name: `Review version ${proposal.number}` })).toBeVisible();

    await page.getByRole('button', { name: 'Propose a fix' }).click();
    await page.getByRole('dialog', { name: 'Propose a fix' }).getByRole('button', { name: 'Propose' }).click();
    const tried = page.getByRole('dialog', { name: 'Propose a fix' }).getByRole('list', { name: 'What was tried' });
    await expect(tried).toContainText(`timeout: the same change was proposed as version ${proposal.number} and rejected`, { timeout: 90_000 });
    await expect(tried.getByRole('link', { name: `See version ${proposal.number}` })).toBeVisible();
  });
});
