import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { requireUser } from '@/app/_lib/session';
import { FirstTeam } from '@/components/teams/first-team';
import { ReviewQueue } from '@/components/versions/review-queue';

export const metadata: Metadata = { title: 'Review · Mastery Studio' };

export default async function ReviewPage() {
  await requireUser('/review');
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const queue = await api.evolution.queue({});
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Review</h1>
        <p className="mt-1 text-sm text-zinc-600">Versions the evolver proposed after failed runs, with the evidence of their replays.</p>
      </div>
      <ReviewQueue queue={queue} />
    </div>
  );
}
