/**
 * Watching a run live: the owner runs the demo "Research and critique" (three llm steps answered by the
 * mock OpenAI server, which streams each answer over ~2.5 s) and sees a step's text arrive in the run panel
 * over Server-Sent Events, then the stored output once the step is done.
 */
import { expect, test } from '@playwright/test';
import { demoOwner, saveScreenshot, signIn } from './support';

test('the owner watches an LLM step stream its answer into the run panel, then sees the stored output', async ({ page }) => {
  await signIn(page, demoOwner.email, demoOwner.password);
  await page.getByRole('link', { name: 'Research and critique', exact: true }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run Research and critique' });
  await expect(dialog.getByLabel('Input')).toBeVisible();
  const watchRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/trpc/runs.watch');
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();

  const stream = await watchRequest;
  expect((await stream.response())?.headers()['content-type']).toContain('text/event-stream');
  const panel = page.getByRole('region', { name: /^Run \w+$/ });
  const header = panel.locator('header');
  await expect(header.getByText('Live', { exact: true })).toBeVisible();

  // Synthesise, not Research: it starts after the other two, when the stream is surely open, so none of its
  // pieces (never stored, never replayed) went by before the panel listened.
  const live = panel.getByLabel('Live output of Synthesise', { exact: true });
  await expect(live).toContainText('Mock answer', { timeout: 30_000 });
  await expect(header.getByText('Running', { exact: true })).toBeVisible();
  const seen = (await live.textContent()) ?? '';
  await expect.poll(async () => ((await live.textContent()) ?? '').length).toBeGreaterThan(seen.length);
  await saveScreenshot(page, 'editor-run-live-output');

  await expect(header.getByText('Succeeded', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(header.getByText('Live', { exact: true })).toHaveCount(0);
  await expect(live).toHaveCount(0);
  const synthesise = panel.getByRole('list', { name: 'Steps' }).getByRole('listitem').filter({ hasText: 'Synthesise' });
  await synthesise.getByRole('button').click();
  const output = page.getByRole('complementary', { name: 'Inspector' }).getByRole('group', { name: 'Output of Synthesise' });
  await expect(output).toContainText('Mock answer from gpt-4o-mini');
  await expect(output).toContainText('main points, in brief.');
});
