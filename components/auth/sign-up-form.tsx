'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { signIn } from 'next-auth/react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { signInErrorMessage } from './sign-in-errors';
import { safeCallbackUrl, withCallback } from './callback-url';

const FIELDS = ['name', 'email', 'password'] as const;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [signInError, setSignInError] = useState<string | null>(null);
  const [isSigningIn, setIsSigningIn] = useState(false);
  const errors = fieldErrors(signUp.error);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setSignInError(null);
    try {
      await signUp.mutateAsync(input);
    } catch {
      return; // shown inline from signUp.error
    }
    setIsSigningIn(true);
    const result = await signIn('credentials', { redirect: false, email: input.email, password: input.password, callbackUrl });
    if (!result?.ok || result.error) {
      // Sign-up answers the same for an email that already has an account (and leaves that account as it
      // was), so this is where such a person lands: told to sign in, not whether the email is known.
      setIsSigningIn(false);
      const reason = (signInErrorMessage(result?.error ?? 'Default') ?? '').replace(/\.?$/, '.');
      setSignInError(`${reason} If this email already has an account, sign in with its password.`);
      return;
    }
    // A full page load: the client router may hold pages rendered while signed out (redirects to
    // sign-in), and following one of those would loop between the two.
    window.location.assign(safeCallbackUrl(callbackUrl, window.location.origin));
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormAlert message={signInError ?? formError(signUp.error, FIELDS)} />
        <Field label="Name" error={errors.name}>
          {(control) => <Input {...control} name="name" autoComplete="name" required autoFocus />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(control) => <Input {...control} name="email" type="email" autoComplete="email" required />}
        </Field>
        <Field label="Password" error={errors.password} hint="At least 10 characters, not a common password.">
          {(control) => <Input {...control} name="password" type="password" autoComplete="new-password" required />}
        </Field>
        <Button type="submit" isBusy={signUp.isPending || isSigningIn} className="w-full">
          Create account
        </Button>
      </form>
      <p className="text-center text-sm text-zinc-600">
        Already have an account?{' '}
        <Link href={withCallback('/signin', callbackUrl)} className="font-medium text-accent-700 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
