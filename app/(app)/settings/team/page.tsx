import type { Metadata } from 'next';
import Link from 'next/link';
import { serverApi } from '@/server/api/caller';
import { ROLES, hasRole, roleLabel } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { Card } from '@/components/ui/card';
import { BudgetList } from '@/components/teams/budget-list';
import { FirstTeam } from '@/components/teams/first-team';
import { InviteForm } from '@/components/teams/invite-form';
import { LeaveTeam } from '@/components/teams/leave-team';
import { MembersTable } from '@/components/teams/members-table';
import { NetworkPolicyForm } from '@/components/teams/network-policy-form';
import { PendingInvites } from '@/components/teams/pending-invites';
import { RenameTeamForm } from '@/components/teams/rename-team-form';
import { SecretList } from '@/components/teams/secret-list';

export const metadata: Metadata = { title: 'Team settings · Mastery Studio' };

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleLabel(role) }));

export default async function TeamSettingsPage() {
  const user = await requireUser('/settings/team');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;

  const [team, members, budgets, secrets] = await Promise.all([api.teams.current(), api.teams.members(), api.budgets.list(), api.secrets.list()]);
  const isOwner = hasRole(team.role, 'OWNER');
  // Only owners change budgets, so only they need the masteries to choose from.
  const [invites, masteries] = isOwner ? await Promise.all([api.teams.invites(), api.masteries.list()]) : [[], []];
  const masteryOptions = masteries.map((mastery) => ({ value: mastery.id, label: mastery.name })).sort((a, b) => a.label.localeCompare(b.label));

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Team settings</h1>
        <p className="mt-1 text-sm text-zinc-600">
          {team.name} · you are {roleLabel(team.role)}
        </p>
      </div>
      <Card title="Team">
        {isOwner ? <RenameTeamForm key={team.id} name={team.name} /> : <p className="text-sm text-zinc-900">{team.name}</p>}
      </Card>
      <Card title="Members" description={isOwner ? 'Change roles or remove people.' : 'Only owners can change members.'}>
        <MembersTable members={members} roles={ROLE_OPTIONS} myUserId={user.userId} canManage={isOwner} />
      </Card>
      {isOwner && (
        <Card title="Invite a member" description="Create a single-use link and send it to the person yourself.">
          <InviteForm key={team.id} roles={ROLE_OPTIONS} />
        </Card>
      )}
      {isOwner && (
        <Card title="Pending invites">
          <PendingInvites invites={invites} roles={ROLE_OPTIONS} />
        </Card>
      )}
      <Card
        id="secrets"
        title="Secrets"
        description="API keys and tokens for HTTP steps, used as {{ $secrets.NAME }} in a URL, header or body. Values are encrypted and never shown again."
      >
        <SecretList secrets={secrets} canManage={hasRole(team.role, 'EDITOR')} />
      </Card>
      <Card title="Network" description="Where the team's HTTP steps may connect.">
        <NetworkPolicyForm key={team.id} allowPrivateNetwork={team.allowPrivateNetwork} canChange={isOwner} installation={team.installationPrivateNetwork} />
      </Card>
      <Card
        title="Budgets"
        description={`Limits on what runs spend, checked before a run starts and before every LLM call.${isOwner ? '' : ' Only owners can change them.'}`}
      >
        <BudgetList budgets={budgets} masteries={masteryOptions} canManage={isOwner} />
      </Card>
      {isOwner && (
        <Card title="Operations" description="Where steps run: the workers, the steps waiting for one, and steps lost or failed on a worker.">
          <Link className="text-sm text-sky-700 underline" href="/settings/operations">
            Open operations
          </Link>
        </Card>
      )}
      <Card title="Leave team">
        <LeaveTeam teamName={team.name} />
      </Card>
    </div>
  );
}
