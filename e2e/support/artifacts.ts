/**
 * Screenshots a spec takes on purpose (for a review, a README, an issue note), as opposed to the failure
 * screenshots Playwright keeps in test-results/. They go to e2e/.artifacts/ (gitignored) and are attached
 * to the HTML report.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import type { Page } from '@playwright/test';

export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, '../.artifacts');

/** Saves `e2e/.artifacts/<name>.png` and returns its path. `name` may use letters, digits, `-` and `_`. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  if (!/^[\w-]+$/.test(name)) throw new Error(`saveScreenshot: name must use letters, digits, - and _; got "${name}"`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
  return file;
}
