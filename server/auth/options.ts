/** next-auth configuration: email + password always; GitHub and OIDC when their variables are set. */
import type { NextAuthOptions } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import type { Provider } from 'next-auth/providers/index';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { env } from '@/server/env';
import { db } from '@/server/db';
import { AppError } from '@/server/errors';
import { clientAddress } from './client-address';
import { authSecret } from './local-secrets';
import { redirectCallback } from './redirect';
import { closeSession, SESSION_MAX_AGE_MS, SessionClosedError, sessionJwt } from './sessions';
import { checkCredentials, upsertOAuthUser } from './users';

function providers(): Provider[] {
  const list: Provider[] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const forwardedFor: unknown = req.headers?.['x-forwarded-for'];
        const address = clientAddress(typeof forwardedFor === 'string' ? forwardedFor : null, env.TRUST_PROXY_HOPS);
        try {
          return await checkCredentials(db(), credentials?.email ?? '', credentials?.password ?? '', { address });
        } catch (error) {
          // next-auth passes a thrown message to the sign-in page as ?error=…; the page shows it.
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    list.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    list.push({
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile(profile: { sub: string; email?: string; name?: string; picture?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null, image: profile.picture ?? null };
      },
    });
  }
  return list;
}

export function oauthProviders(): { id: string; name: string }[] {
  return providers()
    .filter((p) => p.id !== 'credentials')
    .map((p) => ({ id: p.id, name: p.name }));
}

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import: a build must not generate the local secret as a side effect. */
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

function buildOptions(): NextAuthOptions {
  return {
    // Credentials sign-in requires JWT sessions in next-auth v4; the cookie is HttpOnly and SameSite=Lax.
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_MS / 1000 },
    secret: authSecret(),
    pages: { signIn: '/signin', error: '/signin' },
    providers: providers(),
    callbacks: {
      async signIn({ user, account }) {
        if (!account || account.type === 'credentials') return true;
        if (!user.email) return '/signin?error=' + encodeURIComponent('Your provider did not share an email address');
        const stored = await upsertOAuthUser(
          db(),
          { provider: account.provider, providerAccountId: account.providerAccountId, type: account.type },
          { email: user.email, name: user.name ?? null, image: user.image ?? null },
        );
        user.id = stored.id;
        return true;
      },
      redirect: redirectCallback,
      // `user` is only there on sign-in; typed as always present, hence the widening.
      jwt: ({ token, user }: { token: JWT; user?: { id: string } }) => sessionJwt(db(), token, user),
      session({ session, token }) {
        if (session.user && typeof token.uid === 'string') session.user.id = token.uid;
        return session;
      },
    },
    events: {
      // `token` is null when the cookie could not be decoded; there is no row to close then.
      async signOut({ token }: { token: JWT | null }) {
        if (typeof token?.sid === 'string') await closeSession(db(), token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        // A signed-out cookie sent again is expected (a stale tab, a copied cookie), not a server fault.
        if (metadata instanceof SessionClosedError) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
    },
  };
}
