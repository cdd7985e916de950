/**
 * The end-to-end tests drive Debian's Chromium rather than a browser Playwright downloads: this machine
 * reaches only the npm registry and Debian's mirrors, and Playwright's browser CDN is neither.
 */
import { existsSync } from 'node:fs';
import { runCommand } from './run-command';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

export class ChromiumMissingError extends Error {
  readonly code = 'CHROMIUM_MISSING';
}

/** Installs Chromium with apt-get when it is missing and we are root; otherwise says what to run. */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new ChromiumMissingError(
      `The end-to-end tests need Debian's Chromium at ${CHROMIUM_PATH}, and it is not installed.\n` +
        `Install it as root, then run the tests again:\n\n` +
        `  sudo sh -c '${INSTALL_COMMAND}'\n`,
    );
  }
  console.log(`Chromium is missing at ${CHROMIUM_PATH}; installing it: ${INSTALL_COMMAND}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const { code } = await runCommand('apt-get', args, { env });
    if (code !== 0) {
      throw new ChromiumMissingError(`\`apt-get ${args.join(' ')}\` failed (exit code ${code}); see its output above.`);
    }
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new ChromiumMissingError(`apt-get installed the chromium package, but ${CHROMIUM_PATH} still does not exist.`);
  }
}
