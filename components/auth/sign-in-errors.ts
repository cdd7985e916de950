/** next-auth reports failures as `?error=<code>`; these are the codes a person can meet on this app. */
const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password',
  OAuthSignin: 'Could not start signing in with that provider. Try again.',
  OAuthCallback: 'The provider did not complete the sign-in. Try again.',
  OAuthCreateAccount: 'Could not create an account from that provider.',
  OAuthAccountNotLinked: 'This email is already used by another sign-in method. Sign in the way you did before.',
  Callback: 'Signing in failed. Try again.',
  AccessDenied: 'Access was denied.',
  Configuration: 'Sign-in is not configured correctly on the server.',
  Verification: 'This sign-in link is no longer valid.',
  SessionRequired: 'Sign in to continue.',
  Default: 'Signing in failed. Try again.',
};

// The server also passes its own sentences (for example the rate-limit message). Plain sentences are
// shown as they are; anything else (links, markup, long text) is replaced so a crafted URL cannot put
// its own instructions on the sign-in page.
const PLAIN_SENTENCE = /^[\p{L}\p{N} .,'’()!?-]{1,160}$/u;

export function signInErrorMessage(raw: string | string[] | null | undefined): string | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  return MESSAGES[value] ?? (PLAIN_SENTENCE.test(value) ? value : MESSAGES.Default ?? null);
}
