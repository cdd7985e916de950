import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/server/auth/session';
import { appOrigin } from '@/server/auth/redirect';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { safeCallbackUrl } from '@/components/auth/callback-url';

export const metadata: Metadata = { title: 'Create your account · Mastery Studio' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl, appOrigin());
  if (await currentUser()) redirect(callbackUrl);
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold text-zinc-900">Create your account</h1>
      <SignUpForm callbackUrl={callbackUrl} />
    </>
  );
}
