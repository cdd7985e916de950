import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { TeamRuns } from '@/components/runs/team-runs';
import { FirstTeam } from '@/components/teams/first-team';

export const metadata: Metadata = { title: 'Runs · Mastery Studio' };

export default async function RunsPage() {
  await requireUser('/runs');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const [team, masteries, members] = await Promise.all([api.teams.current(), api.masteries.list({ includeArchived: true }), api.teams.members()]);
  const masteryOptions = masteries.map((mastery) => ({ value: mastery.id, label: mastery.name })).sort((a, b) => a.label.localeCompare(b.label));
  const people = members.map((member) => ({ value: member.userId, label: member.name ?? member.email }));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Runs</h1>
        <p className="mt-1 text-sm text-zinc-600">Every run of {team.name}, newest first.</p>
      </div>
      <TeamRuns masteries={masteryOptions} people={people} canRerun={hasRole(team.role, 'EDITOR')} />
    </div>
  );
}
