import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/server/auth/session';
import { serverApi } from '@/server/api/caller';
import { roleLabel } from '@/server/auth/roles';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { TeamSwitcher } from '@/components/shell/team-switcher';

/** The signed-in shell: app name, navigation, team switcher and the account menu. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // Signed out: each page redirects to sign-in with its own path as callbackUrl (see app/_lib/session.ts).
  if (!user) return <>{children}</>;

  const api = await serverApi();
  const teams = await api.teams.mine();
  const current = teams.length > 0 ? await api.teams.current() : null;

  return (
    // A page marked data-full-screen (the editor) gets the whole window under a slim header, and nothing scrolls.
    <div className="group/app flex min-h-dvh flex-col has-[[data-full-screen]]:h-dvh has-[[data-full-screen]]:overflow-hidden">
      <header className="shrink-0 border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 group-has-[[data-full-screen]]/app:max-w-none group-has-[[data-full-screen]]/app:flex-nowrap group-has-[[data-full-screen]]/app:py-1.5">
          <Link href="/masteries" className="text-base font-semibold tracking-tight text-zinc-900">
            Mastery <span className="text-accent-600">Studio</span>
          </Link>
          <NavLinks />
          <div className="flex flex-wrap items-center gap-3 sm:ml-auto">
            <TeamSwitcher
              teams={teams.map((team) => ({ value: team.id, label: `${team.name} · ${roleLabel(team.role)}` }))}
              currentTeamId={current?.id ?? null}
            />
            <span className="hidden h-5 w-px bg-zinc-200 sm:block" aria-hidden="true" />
            <span className="max-w-48 truncate text-sm text-zinc-600" title={user.email}>
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 has-[[data-full-screen]]:flex has-[[data-full-screen]]:min-h-0 has-[[data-full-screen]]:max-w-none has-[[data-full-screen]]:flex-col has-[[data-full-screen]]:p-0">
        {children}
      </main>
    </div>
  );
}
