/**
 * End-to-end tests: the production build (`npm run test:e2e` builds it) on a free port and a fresh data
 * folder, driven by Debian's Chromium. Specs are user flows in e2e/*.spec.ts; helpers in e2e/support/.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH } from './scripts/ensure-chromium';

// Playwright loads this file again in every worker process; values chosen here are kept in the
// environment, which the workers inherit, so that all processes agree on one server.
function pickFreePort(): number {
  // The config must be synchronous, so ask a short-lived process for a port the OS considers free.
  const script =
    "const s = require('node:net').createServer();" +
    "s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
const port = (process.env.E2E_PORT ??= String(pickFreePort()));
const nextAuthSecret = (process.env.E2E_NEXTAUTH_SECRET ??= randomBytes(32).toString('base64url'));
const baseURL = `http://127.0.0.1:${port}`;
const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  // One worker: the server, its embedded database (one session, transactions serialised) and the browser
  // already share the 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    navigationTimeout: 30_000,
    actionTimeout: 15_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // `node --import tsx`, not the tsx CLI: under load the CLI can SIGKILL its child ~60 ms after relaying a
    // signal, which would skip web-server.ts's clean-up.
    command: `"${process.execPath}" --import tsx e2e/support/web-server.ts`,
    url: baseURL,
    // Creating a new embedded database takes ~11 s, migrations and the seed more; 2 cores are shared.
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    // SIGTERM (not Playwright's default SIGKILL) so that web-server.ts can remove the data folder.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      PORT: port,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: nextAuthSecret,
      SEED_DEMO: 'true',
      // Specs' own servers listen on 127.0.0.1; a team must still switch private networks on to reach them.
      ALLOW_PRIVATE_NETWORK: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
