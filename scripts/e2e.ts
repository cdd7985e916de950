/**
 * `npm run test:e2e`: builds the app once, then runs Playwright against the production build in Debian's
 * Chromium. Arguments go to `playwright test`, e.g. `npm run test:e2e -- e2e/smoke.spec.ts --headed`.
 *
 * The server itself (fresh data folder, database setup, `next start`) is started by Playwright's webServer
 * (playwright.config.ts → e2e/support/web-server.ts), so `npx playwright test` alone works on a built app.
 *
 * E2E_SKIP_BUILD=1 reuses the existing build, for iterating on specs; `--list` needs neither a build nor
 * a browser.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './ensure-chromium';
import { formatSeconds, runCommand } from './run-command';

const root = path.resolve(import.meta.dirname, '..');

async function buildApp(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!existsSync('.next/BUILD_ID')) {
      throw new Error('E2E_SKIP_BUILD=1 was set, but there is no build in .next/. Run `npm run build` first.');
    }
    console.log('E2E_SKIP_BUILD=1: testing the existing build in .next/.');
    return;
  }
  const started = Date.now();
  console.log('Building the app for the end-to-end tests (npm run build)…');
  const { code } = await runCommand('npm', ['run', 'build'], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (code !== 0) throw new Error(`\`npm run build\` failed (exit code ${code}); see its output above.`);
  console.log(`Build finished in ${formatSeconds(Date.now() - started)}.`);
}

async function main(): Promise<number> {
  process.chdir(root);
  const playwrightArgs = process.argv.slice(2);
  const isListOnly = playwrightArgs.includes('--list');
  if (!isListOnly) {
    await ensureChromium();
    await buildApp();
  }
  const { code } = await runCommand(path.join(root, 'node_modules/.bin/playwright'), ['test', ...playwrightArgs]);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nEnd-to-end tests not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
