/**
 * Page-level sign-in check. Pages call it (not the shared layout) because only a page knows its own path
 * for `callbackUrl`, and because layouts and pages render in parallel: a check in the layout alone would
 * not stop the page from rendering.
 */
import 'server-only';
import { redirect } from 'next/navigation';
import { currentUser, type SignedIn } from '@/server/auth/session';

export async function requireUser(path: string): Promise<SignedIn> {
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  return user;
}
