import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { FirstTeam } from '@/components/teams/first-team';
import { OperationsView } from '@/components/operations/operations-view';

export const metadata: Metadata = { title: 'Operations · Mastery Studio' };
// Workers and the queue change by the second: never a cached page.
export const dynamic = 'force-dynamic';

export default async function OperationsPage() {
  await requireUser('/settings/operations');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const team = await api.teams.current();
  const overview = hasRole(team.role, 'OWNER') ? await api.operations.overview() : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Operations</h1>
        <p className="mt-1 text-sm text-zinc-600">Where steps run: workers, the queue, and steps that failed or were lost on a worker.</p>
      </div>
      {overview === undefined ? <p className="text-sm text-zinc-600">Only owners of {team.name} see operations.</p> : <OperationsView overview={overview} />}
    </div>
  );
}
