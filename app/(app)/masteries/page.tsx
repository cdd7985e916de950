import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { MasteryList } from '@/components/masteries/mastery-list';
import { NewMasteryButton } from '@/components/masteries/new-mastery-button';
import { FirstTeam } from '@/components/teams/first-team';

export const metadata: Metadata = { title: 'Masteries · Mastery Studio' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MasteriesPage({ searchParams }: { searchParams: SearchParams }) {
  const isShowingArchived = (await searchParams).archived === '1';
  await requireUser(isShowingArchived ? '/masteries?archived=1' : '/masteries');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;

  const [team, masteries] = await Promise.all([api.teams.current(), api.masteries.list({ includeArchived: isShowingArchived })]);
  const canEdit = hasRole(team.role, 'EDITOR');

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Masteries</h1>
          <p className="mt-1 text-sm text-zinc-600">Workflows of {team.name}.</p>
        </div>
        {canEdit && <NewMasteryButton />}
      </div>
      <MasteryList masteries={masteries} canEdit={canEdit} isShowingArchived={isShowingArchived} />
    </div>
  );
}
