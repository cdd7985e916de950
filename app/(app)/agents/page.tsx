import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { AgentList } from '@/components/agents/agent-list';
import { FirstTeam } from '@/components/teams/first-team';

export const metadata: Metadata = { title: 'Agents · Mastery Studio' };

/** The team's agents (used by `llm` steps): editors create, edit, archive and restore; viewers read. */
export default async function AgentsPage({ searchParams }: { searchParams: Promise<{ archived?: string }> }) {
  await requireUser('/agents');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const isShowingArchived = (await searchParams).archived === '1';
  const [team, agents] = await Promise.all([api.teams.current(), api.agents.list({ includeArchived: isShowingArchived })]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Agents</h1>
        <p className="mt-1 text-sm text-zinc-600">Profiles that {team.name}&apos;s LLM steps run as: model, prompt and temperature.</p>
      </div>
      <AgentList agents={agents} canEdit={hasRole(team.role, 'EDITOR')} isShowingArchived={isShowingArchived} />
    </div>
  );
}
