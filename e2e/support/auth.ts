/**
 * Signing up and in through the UI, the way a person does: fields by label, buttons by role. Each helper
 * returns once the app has navigated away from its form, or fails with the message the form showed.
 */
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

export interface Credentials {
  email: string;
  password: string;
}

export interface NewUser extends Credentials {
  name: string;
}

/** The demo logins seeded into every fresh test database (DEMO in prisma/seed/seed.ts). */
export const demoOwner = { email: 'demo@mastery.studio', password: 'demo-owner-pass' } as const satisfies Credentials;
export const demoViewer = { email: 'viewer@mastery.studio', password: 'demo-viewer-pass' } as const satisfies Credentials;

let emailCounter = 0;

/** An address no other test, worker or earlier run has used: `<prefix>-<time>-<pid>-<n>@example.com`. */
export function uniqueEmail(prefix = 'user'): string {
  emailCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${emailCounter}@example.com`;
}

/** A fresh user with a unique email and a password strong enough for the sign-up rules. */
export function newUser(name = 'Test User'): NewUser {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'user';
  return { name, email: uniqueEmail(slug), password: `pw-${Math.random().toString(36).slice(2)}-Long-1` };
}

export async function signUp(page: Page, user: NewUser): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill(user.name);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expectToLeave(page, '/signup', `sign up as ${user.email}`);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectToLeave(page, '/signin', `sign in as ${email}`);
}

/**
 * Waits until the URL leaves `pathname`. If it does not, the failure quotes the form's alert (its inline
 * error) so that a rejected password reads as that, not as a bare timeout.
 */
async function expectToLeave(page: Page, pathname: string, action: string): Promise<void> {
  try {
    await page.waitForURL((url) => url.pathname !== pathname, { timeout: 15_000 });
  } catch (error) {
    const alerts = await page.getByRole('alert').allInnerTexts();
    const shown = alerts.map((text) => text.trim()).filter(Boolean);
    expect(shown, `Could not ${action}; the page still shows ${pathname}`).toEqual([]);
    throw error;
  }
}
