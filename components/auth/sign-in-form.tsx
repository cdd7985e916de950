'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { Button, buttonClasses } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { signInErrorMessage } from './sign-in-errors';
import { safeCallbackUrl, withCallback } from './callback-url';

export interface OAuthProvider {
  id: string;
  name: string;
}

export interface SignInFormProps {
  callbackUrl: string;
  initialError: string | null;
  providers: readonly OAuthProvider[];
}

export function SignInForm({ callbackUrl, initialError, providers }: SignInFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsBusy(true);
    setError(null);
    const result = await signIn('credentials', {
      redirect: false,
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      callbackUrl,
    }).catch(() => null); // a network failure reads as "try again" below, like any failed attempt
    if (!result?.ok || result.error) {
      setIsBusy(false);
      setError(signInErrorMessage(result?.error ?? 'Default'));
      return;
    }
    // A full page load: the client router may hold pages rendered while signed out (redirects to
    // sign-in), and following one of those would loop between the two. Checked again here, against the
    // origin the browser is on, since this is the line that actually navigates.
    window.location.assign(safeCallbackUrl(callbackUrl, window.location.origin));
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormAlert message={error} />
        <Field label="Email">
          {(control) => <Input {...control} name="email" type="email" autoComplete="email" required autoFocus />}
        </Field>
        <Field label="Password">
          {(control) => <Input {...control} name="password" type="password" autoComplete="current-password" required />}
        </Field>
        <Button type="submit" isBusy={isBusy} className="w-full">
          Sign in
        </Button>
      </form>
      {providers.length > 0 && (
        <div className="flex flex-col gap-2 border-t border-zinc-200 pt-4">
          {providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              className={`${buttonClasses({ variant: 'secondary' })} w-full`}
              onClick={() => void signIn(provider.id, { callbackUrl })}
            >
              Continue with {provider.name}
            </button>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-zinc-600">
        New to Mastery Studio?{' '}
        <Link href={withCallback('/signup', callbackUrl)} className="font-medium text-accent-700 hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
