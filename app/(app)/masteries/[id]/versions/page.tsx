import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { ProposalReview } from '@/components/versions/proposal-review';
import { VersionCompare } from '@/components/versions/version-compare';
import { VersionHistory } from '@/components/versions/version-history';
import { ActivityLog } from '@/components/versions/activity-log';
import { EvolverModeSwitch } from '@/components/versions/evolver-mode-switch';

export const metadata: Metadata = { title: 'Versions · Mastery Studio' };

interface PageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const one = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);

export default async function VersionsPage({ params, searchParams }: PageProps) {
  const { id } = await params;
  const query = await searchParams;
  await requireUser(`/masteries/${id}/versions`);
  const api = await serverApi();
  const [team, mastery, versions, activity] = await Promise.all([api.teams.current(), api.masteries.byId({ id }), api.versions.list({ masteryId: id }), api.versions.activity({ masteryId: id })]).catch((error: unknown) => {
    // Another team's mastery answers NOT_FOUND, so its existence is not revealed.
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  const [from, to, proposal] = [one(query.from), one(query.to), one(query.proposal)];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/masteries/${id}`} className="text-sm text-accent-700 hover:underline">
          ← {mastery.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Versions of {mastery.name}</h1>
        <p className="mt-1 text-sm text-zinc-600">Every saved, proposed and rolled-back version, newest first. Nothing is ever deleted.</p>
      </div>
      <EvolverModeSwitch masteryId={id} mode={mastery.evolverMode} canEdit={hasRole(team.role, 'EDITOR')} />
      {proposal && <ProposalReview proposalId={proposal} canApprove={hasRole(team.role, 'APPROVER')} canEdit={hasRole(team.role, 'EDITOR')} />}
      {from && to && <VersionCompare fromId={from} toId={to} />}
      <VersionHistory masteryId={id} versions={versions} canEdit={hasRole(team.role, 'EDITOR')} />
      <ActivityLog activity={activity} />
    </div>
  );
}
