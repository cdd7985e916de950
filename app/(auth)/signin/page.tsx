import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth/session';
import { oauthProviders } from '@/server/auth/options';
import { appOrigin } from '@/server/auth/redirect';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallbackUrl } from '@/components/auth/callback-url';
import { signInErrorMessage } from '@/components/auth/sign-in-errors';

export const metadata: Metadata = { title: 'Sign in · Mastery Studio' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold text-zinc-900">Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} initialError={signInErrorMessage(params.error)} providers={oauthProviders()} />
    </>
  );
}
