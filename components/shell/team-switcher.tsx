'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Select, type SelectOption } from '@/components/ui/select';

export interface TeamSwitcherProps {
  /** One option per team, labelled with the caller's role in it. */
  teams: readonly SelectOption[];
  currentTeamId: string | null;
}

export function TeamSwitcher({ teams, currentTeamId }: TeamSwitcherProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const switchTeam = useMutation(
    trpc.teams.switch.mutationOptions({
      onSuccess: async () => {
        // Every cached answer belongs to the previous team.
        await queryClient.invalidateQueries();
        // A mastery page belongs to the previous team too; other pages show the new team's data.
        if (pathname.startsWith('/masteries/')) router.push('/masteries');
        else router.refresh();
      },
    }),
  );

  return (
    <div className="flex items-center gap-2">
      {teams.length > 0 && currentTeamId && (
        <>
          <label htmlFor="team-switcher" className="text-sm text-zinc-600">
            Team
          </label>
          <Select
            id="team-switcher"
            options={teams}
            value={currentTeamId}
            disabled={switchTeam.isPending}
            aria-describedby={switchTeam.error ? 'team-switcher-error' : undefined}
            onChange={(event) => switchTeam.mutate({ teamId: event.target.value })}
            controlSize="sm"
            widthClassName="w-44 sm:w-56"
          />
        </>
      )}
      {switchTeam.error && (
        <p id="team-switcher-error" role="alert" className="text-sm text-danger-700">
          {switchTeam.error.message}
        </p>
      )}
    </div>
  );
}
