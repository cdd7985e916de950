import Link from 'next/link';
import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { RelativeTime } from '@/components/masteries/relative-time';

type Queue = RouterOutputs['evolution']['queue'];

const EVIDENCE = {
  PENDING: { label: 'Replaying…', tone: 'neutral' },
  PASSING: { label: 'Evidence passes', tone: 'success' },
  // The old version passed the failed input too: the replays cannot show the change helps.
  NOT_REPRODUCED: { label: 'Failure not reproduced', tone: 'warning' },
  NOT_PASSING: { label: 'Evidence does not pass', tone: 'danger' },
} as const;

/** Open proposals of the team, newest first, each linking to its review on the mastery's Versions page. */
export function ReviewQueue({ queue }: { queue: Queue }) {
  if (queue.count === 0) return <EmptyState title="Nothing to review" description="Proposals appear here when the evolver fixes a failed run." />;
  return (
    <ul aria-label="Open proposals" className="flex flex-col divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white">
      {queue.items.map((item) => (
        <li key={item.id} className="flex flex-col gap-1 p-4">
          <div className="flex flex-wrap items-center gap-2">
            <Link href={`/masteries/${item.mastery.id}/versions?proposal=${item.id}`} className="font-medium text-zinc-900 hover:text-accent-700 hover:underline">
              {item.mastery.name}: version {item.number}
            </Link>
            <Badge tone={EVIDENCE[item.evidenceState].tone}>{EVIDENCE[item.evidenceState].label}</Badge>
            {item.isStale && <Badge tone="warning">Parent no longer current</Badge>}
            <span className="text-xs text-zinc-500">
              {item.strategy} · <RelativeTime date={item.createdAt} />
            </span>
          </div>
          <p className="text-sm text-zinc-600">{item.note}</p>
        </li>
      ))}
    </ul>
  );
}
