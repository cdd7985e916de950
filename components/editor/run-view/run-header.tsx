import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { formatCost, formatDuration, TERMINAL_RUN_STATUSES } from '../run-format';
import type { ShownRun } from './run-overlay';
import { runNow } from './timeline';
import { useNow } from './use-now';

/** Version, who started the run, how long it took, its tokens and cost: one line under the run's title. */
export function RunFacts({ run }: { run: ShownRun }) {
  const startedBy = useStartedBy(run.startedById);
  const isActive = !TERMINAL_RUN_STATUSES.has(run.status);
  // While the run goes on, its duration grows every second, events or not.
  const now = runNow(run, run.steps, isActive, useNow(isActive));
  const durationMs = run.startedAt ? (run.finishedAt?.getTime() ?? now) - run.startedAt.getTime() : null;
  const tokens = run.tokensIn + run.tokensOut;
  // A provider that reported no usage had its tokens counted here: the total is then an estimate.
  const isEstimated = run.isEstimated;
  return (
    <dl className="flex min-w-0 flex-1 items-center gap-x-4 truncate text-xs text-zinc-600">
      <Fact term="Version" value={`v${run.version.number}`} />
      <Fact term="Started by" value={startedBy} />
      <Fact term="Duration" value={formatDuration(durationMs)} />
      <Fact term={isEstimated ? 'Tokens (estimated)' : 'Tokens'} value={`${isEstimated ? '≈ ' : ''}${tokens}`} />
      <Fact term="Cost" value={formatCost(run.costUsd)} />
    </dl>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="flex gap-1 whitespace-nowrap">
      <dt className="text-zinc-500">{term}</dt>
      <dd className="font-medium text-zinc-800 tabular-nums">{value}</dd>
    </div>
  );
}

/** The member's name (else email) from the team's member list; runs started by the system have none. */
function useStartedBy(userId: string | null): string {
  const trpc = useTRPC();
  const members = useQuery({ ...trpc.teams.members.queryOptions(), enabled: userId !== null });
  if (userId === null) return 'the system';
  const member = members.data?.find((m) => m.userId === userId);
  return member ? member.name || member.email : members.isPending ? '…' : 'a former member';
}
