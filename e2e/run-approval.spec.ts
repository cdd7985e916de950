/**
 * A human approval step in the run panel: the run waits and shows the approval's question; the owner (an
 * approver) approves with a comment and the run goes on to succeed; a second run is rejected and fails
 * with the approver and the comment named.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoOwner, saveScreenshot, signIn } from './support';

async function trpcMutation<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.status(), `${path} answered ${response.status()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A published mastery: input → approval → output, made through the API as an import would. */
async function approvalMastery(page: Page): Promise<string> {
  const { id } = await trpcMutation<{ id: string }>(page, 'masteries.create', { name: `Publish gate ${Date.now().toString(36)}`, description: '' });
  const graph = {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
      { id: 'gate', type: 'approval', name: 'Sign-off', position: { x: 260, y: 0 }, config: { message: 'Publish the {{ input.topic }} report?' } },
      { id: 'result', type: 'output', name: 'Result', position: { x: 520, y: 0 }, config: { result: '{{ steps.gate.output.decision }}' } },
    ],
    edges: [
      { id: 'e1', source: 'input', target: 'gate' },
      { id: 'e2', source: 'gate', sourceHandle: 'approved', target: 'result' },
    ],
    settings: { inputSchema: { type: 'object', properties: { topic: { type: 'string', default: 'quarterly' } } } },
  };
  const version = await trpcMutation<{ id: string }>(page, 'versions.import', { masteryId: id, graph, note: 'with an approval step' });
  await trpcMutation(page, 'versions.publish', { versionId: version.id });
  return id;
}

async function startRun(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Run Publish gate/ });
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();
  return page.getByRole('region', { name: /^Run \w+$/ });
}

test('the owner approves a waiting step with a comment, and rejects the next run', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  const masteryId = await approvalMastery(page);
  await page.goto(`/masteries/${masteryId}`);
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();

  const panel = await startRun(page);
  const header = panel.locator('header');
  await expect(header.getByText('Waiting', { exact: true })).toBeVisible();
  const approval = panel.getByRole('region', { name: 'Approval of Sign-off' });
  await expect(approval).toContainText('Publish the quarterly report?');
  await saveScreenshot(page, 'editor-run-approval');
  await approval.getByLabel('Comment (optional)').fill('Figures checked');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await expect(header.getByText('Succeeded', { exact: true })).toBeVisible();
  await expect(approval).toHaveCount(0);
  await expect(panel.getByRole('group', { name: 'Run output' })).toContainText('approved');
  const gate = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Sign-off' });
  await gate.getByRole('button').click();
  await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Output of Sign-off' })).toContainText('comment: "Figures checked"');

  await panel.getByRole('button', { name: 'Close run panel' }).click();
  const second = await startRun(page);
  const secondApproval = second.getByRole('region', { name: 'Approval of Sign-off' });
  await secondApproval.getByLabel('Comment (optional)').fill('Not this quarter');
  await secondApproval.getByRole('button', { name: 'Reject' }).click();
  await expect(second.locator('header').getByText('Failed', { exact: true })).toBeVisible();
  await expect(second.getByText('Run error', { exact: true })).toBeVisible();
  await expect(second.getByRole('group', { name: 'Run error' })).toContainText('rejected by Demo Owner: Not this quarter');
});
