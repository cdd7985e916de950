/**
 * Specs that import `test` from here fail on any Content Security Policy violation the browser reports
 * in the console (a blocked script, style, eval, connection or frame), so a policy too tight for a page
 * shows up as a failing flow, not as a silently broken widget. The test's own `page` is watched from the
 * start; a context a test makes itself is watched once passed to `csp.watch`.
 */
import { expect, test as base } from '@playwright/test';
import type { BrowserContext, Page } from '@playwright/test';

// Chromium words every CSP report in the console this way ("… violates the following Content Security
// Policy directive …", "… is not an allowed source of script in the following Content Security Policy …").
const CSP_MESSAGE = /Content Security Policy/i;

export interface CspGuard {
  /** Watches every page of `context`, now and later; returns the context for chaining. */
  watch(context: BrowserContext): BrowserContext;
  /** The violations seen so far, each prefixed with the page's URL. */
  readonly violations: readonly string[];
}

function createGuard(): CspGuard {
  const violations: string[] = [];
  const watchPage = (page: Page) =>
    page.on('console', (message) => {
      if (CSP_MESSAGE.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
  return {
    watch(context) {
      context.pages().forEach(watchPage);
      context.on('page', watchPage);
      return context;
    },
    violations,
  };
}

export const test = base.extend<{ csp: CspGuard }>({
  csp: [
    async ({ context }, use) => {
      const guard = createGuard();
      guard.watch(context);
      await use(guard);
      expect(guard.violations, 'the browser reported Content Security Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
