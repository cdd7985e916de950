import Link from 'next/link';
import type { ReactNode } from 'react';
import { currentUser } from '@/server/auth/session';
import { serverApi } from '@/server/api/caller';
import { roleLabel } from '@/server/auth/roles';
import { NavLinks } from '@/components/shell/nav-links';
import { AccountMenu } from '@/components/shell/account-menu';
import { TeamSwitcher } from '@/components/shell/team-switcher';

/** The signed-in shell: app name, navigation, team switcher and the account menu (Create team, Sign out). */
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
      {/* One line from 1024 px up (the narrowest laptop window); below that it may wrap. */}
      <header className="shrink-0 border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-3 px-4 py-3 lg:flex-nowrap group-has-[[data-full-screen]]/app:max-w-none group-has-[[data-full-screen]]/app:flex-nowrap group-has-[[data-full-screen]]/app:py-1.5">
          <Link href="/masteries" className="shrink-0 text-base font-semibold tracking-tight whitespace-nowrap text-zinc-900">
            Mastery <span className="text-accent-600">Studio</span>
          </Link>
          <NavLinks />
          <div className="flex shrink-0 items-center gap-2 sm:ml-auto">
            <TeamSwitcher
              teams={teams.map((team) => ({ value: team.id, label: `${team.name} · ${roleLabel(team.role)}` }))}
              currentTeamId={current?.id ?? null}
            />
            <AccountMenu email={user.email} />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 has-[[data-full-screen]]:flex has-[[data-full-screen]]:min-h-0 has-[[data-full-screen]]:max-w-none has-[[data-full-screen]]:flex-col has-[[data-full-screen]]:p-0">
        {children}
      </main>
    </div>
  );
}
