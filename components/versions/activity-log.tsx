import type { RouterOutputs } from '@/components/trpc/types';
import { RelativeTime } from '@/components/masteries/relative-time';
import { personName } from './version-format';

type Activity = RouterOutputs['versions']['activity'];

const VERB: Record<string, string> = {
  'version.save': 'saved',
  'version.import': 'imported',
  'version.publish': 'published',
  'version.propose': 'asked for a proposal, got',
  'version.approve': 'approved',
  'version.reject': 'rejected',
  'version.supersede': 'superseded',
  'version.rollback': 'rolled back, making',
};

function describe(entry: Activity[number]): string {
  const data = (typeof entry.data === 'object' && entry.data !== null ? entry.data : {}) as Record<string, unknown>;
  if (entry.action === 'version.rollback') return `version ${String(data.to)} current again as version ${String(data.created)} (was version ${String(data.from)})`;
  const reason = typeof data.reason === 'string' ? `: ${data.reason}` : '';
  return `version ${String(data.number ?? '?')}${reason}`;
}

/** Who did what to the mastery's versions, newest first. */
export function ActivityLog({ activity }: { activity: Activity }) {
  return (
    <section aria-label="Audit log" className="rounded-lg border border-zinc-200 bg-white p-4">
      <h2 className="mb-2 text-sm font-semibold text-zinc-900">Audit log</h2>
      {activity.length === 0 ? (
        <p className="text-sm text-zinc-600">Nothing yet.</p>
      ) : (
        <ul className="flex flex-col gap-1 text-sm text-zinc-700">
          {activity.map((entry) => (
            <li key={entry.id}>
              {personName(entry.actor)} {VERB[entry.action] ?? entry.action} {describe(entry)} · <RelativeTime date={entry.createdAt} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
