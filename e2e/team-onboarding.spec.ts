/**
 * Team onboarding: an owner signs up, creates a team and invites a viewer by link; the viewer signs up
 * through the invite and cannot create a mastery (no button, and the server refuses a direct call);
 * the owner creates a mastery and archives it. On the way the owner lets the team's HTTP steps reach
 * private addresses, which the viewer can see but not change.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { newUser, signIn, signUp } from './support';

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

test('an owner invites a viewer who cannot create masteries, then creates and archives one', async ({ page }) => {
  const owner = newUser('Team Owner');
  const viewer = newUser('Team Viewer');
  const suffix = Date.now().toString(36);
  const teamName = `Onboarding ${suffix}`;
  const masteryName = `Weekly digest ${suffix}`;
  let inviteUrl = '';

  await test.step('the owner signs up and creates a first team', async () => {
    await signUp(page, owner);
    await expect(page.getByRole('heading', { name: 'Create your first team' })).toBeVisible();
    await page.getByLabel('Team name').fill(teamName);
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByRole('heading', { name: 'Masteries', exact: true })).toBeVisible();
    await expect(page.getByText(`Workflows of ${teamName}.`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'New mastery' })).toBeVisible();
  });

  await test.step('the owner invites a second person as viewer and reads the link', async () => {
    await page.getByRole('link', { name: 'Team settings' }).click();
    await expect(page.getByRole('heading', { name: 'Team settings', exact: true })).toBeVisible();
    // Off by default; the owner's change is saved and still there after a reload.
    const privateNetwork = page.getByLabel('HTTP steps may call private and local addresses');
    await expect(privateNetwork).not.toBeChecked();
    // The e2e installation lets teams allow 127.0.0.1 only (playwright.config.ts).
    await expect(page.getByText('Within what this installation allows: this installation lets teams allow only 127.0.0.1 (ALLOW_PRIVATE_NETWORK).')).toBeVisible();
    await privateNetwork.check();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await page.reload();
    await expect(privateNetwork).toBeChecked();
    await page.getByLabel('Email', { exact: true }).fill(viewer.email);
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' });
    await page.getByRole('button', { name: 'Create invite' }).click();
    const linkField = page.getByLabel('Invite link');
    await expect(linkField).toHaveValue(/\/invite\/[\w-]{20,}$/);
    inviteUrl = await linkField.inputValue();
    await expect(page.getByRole('listitem').filter({ hasText: viewer.email })).toBeVisible();
    await signOut(page);
  });

  await test.step('the viewer signs up through the invite link and accepts it', async () => {
    await page.goto(inviteUrl);
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finvite%2F/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill(viewer.name);
    await page.getByLabel('Email', { exact: true }).fill(viewer.email);
    await page.getByLabel('Password', { exact: true }).fill(viewer.password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page.getByRole('heading', { name: `Join ${teamName}` })).toBeVisible();
    await expect(page.getByText('Viewer', { exact: true })).toBeVisible();
    await expect(page.getByText(viewer.email, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Accept invite' }).click();
    await expect(page).toHaveURL(/\/masteries$/);
    await expect(page.getByRole('heading', { name: 'Masteries', exact: true })).toBeVisible();
    await expect(page.getByText(`Workflows of ${teamName}.`)).toBeVisible();
  });

  await test.step('the viewer has no "New mastery" button and the server refuses a direct call', async () => {
    await expect(page.getByRole('button', { name: 'New mastery' })).toHaveCount(0);
    const response = await page.request.post('/api/trpc/masteries.create', { data: { json: { name: 'x', description: '' } } });
    expect(response.status()).toBe(403);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ error: { json: { data: { code: 'FORBIDDEN' } } } });
    // The viewer sees the team's network setting but cannot change it.
    await page.getByRole('link', { name: 'Team settings' }).click();
    await expect(page.getByLabel('HTTP steps may call private and local addresses')).toBeChecked();
    await expect(page.getByLabel('HTTP steps may call private and local addresses')).toBeDisabled();
    await signOut(page);
  });

  await test.step('the owner creates a mastery and archives it', async () => {
    await signIn(page, owner.email, owner.password);
    await page.getByRole('button', { name: 'New mastery' }).click();
    const dialog = page.getByRole('dialog', { name: 'New mastery' });
    await dialog.getByLabel('Name').fill(masteryName);
    await dialog.getByLabel('Description').fill('Summarises the week for the team.');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toBeHidden();
    // Create opens the editor; the list has it too.
    await expect(page.getByLabel('Mastery canvas')).toBeVisible();
    await page.getByRole('link', { name: 'Masteries', exact: true }).click();

    const row = page.getByRole('row').filter({ hasText: masteryName });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell', { name: 'v1', exact: true })).toBeVisible();
    await expect(row.getByRole('cell', { name: 'Never run' })).toBeVisible();

    await row.getByRole('button', { name: 'Archive' }).click();
    await expect(row).toHaveCount(0);

    await page.getByLabel('Show archived').check();
    await expect(page).toHaveURL(/\/masteries\?archived=1$/);
    const archivedRow = page.getByRole('row').filter({ hasText: masteryName });
    await expect(archivedRow.getByText('Archived', { exact: true })).toBeVisible();
    await expect(archivedRow.getByRole('button', { name: 'Restore' })).toBeVisible();
  });
});
