/** Starting a run the way a person does: from the mastery list into the editor, Run, then Start run. */
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

/** Opens `mastery` in the editor, starts a run with the prefilled input and returns the run panel. */
export async function startRunFromEditor(page: Page, mastery: string): Promise<Locator> {
  await page.goto('/masteries');
  await page.getByRole('link', { name: mastery, exact: true }).click();
  await expect(page.getByLabel('Mastery canvas')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Run ${mastery}` });
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(dialog).toBeHidden();
  return page.getByRole('region', { name: /^Run \w+$/ });
}
