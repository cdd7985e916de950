import Link from 'next/link';
import type { OperationsOverview } from '@/server/queue/operations';
import { Card } from '@/components/ui/card';

const ago = (at: Date, now: number): string => {
  const seconds = Math.max(0, Math.round((now - at.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
};

const STATUS_STYLE = { online: 'text-emerald-700', gone: 'text-red-700', stopped: 'text-zinc-500' } as const;
const LOST_LABEL: Record<string, string> = { LOST: 'worker stopped answering', RETURNED: 'handed back at shutdown', DONE: 'failed' };

/** The operations page's body: plain tables, read on the server when the page loads. */
export function OperationsView({ overview }: { overview: OperationsOverview }) {
  if (!overview.isQueueMode) {
    return (
      <Card title="Queue mode is off">
        <p className="px-5 py-4 text-sm text-zinc-600">
          Steps run in the web process. Set REDIS_URL with a PostgreSQL DATABASE_URL and start workers with <code>npm run worker</code> to run them on other machines.
        </p>
      </Card>
    );
  }
  const now = overview.readAt.getTime();
  const online = overview.workers.filter((w) => w.status === 'online');
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Workers online">
          <p className="px-5 py-4 text-2xl font-semibold" data-testid="workers-online">{online.length}</p>
        </Card>
        <Card title="Steps waiting for a worker">
          <p className="px-5 py-4 text-2xl font-semibold" data-testid="queue-depth">{overview.waiting}</p>
        </Card>
        <Card title="Oldest waiting step">
          <p className="px-5 py-4 text-sm">
            {overview.oldestWaiting === null ? (
              'None'
            ) : (
              <Link className="text-sky-700 underline" href={`/masteries/${overview.oldestWaiting.masteryId}?run=${overview.oldestWaiting.runId}`}>
                {overview.oldestWaiting.nodeId}, waiting since {ago(overview.oldestWaiting.since, now)}
              </Link>
            )}
          </p>
        </Card>
      </div>
      <Card title="Workers" description="Online: its heartbeat renews the leases of the steps it runs.">
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="px-5 py-2 font-medium">Host</th>
              <th className="px-5 py-2 font-medium">PID</th>
              <th className="px-5 py-2 font-medium">Started</th>
              <th className="px-5 py-2 font-medium">Steps running</th>
              <th className="px-5 py-2 font-medium">Heartbeat</th>
              <th className="px-5 py-2 font-medium">Status</th>
            </tr>
          </thead>
          <tbody>
            {overview.workers.map((w) => (
              <tr key={w.id} className="border-t border-zinc-100">
                <td className="px-5 py-2">{w.host}</td>
                <td className="px-5 py-2 tabular-nums">{w.pid}</td>
                <td className="px-5 py-2">{ago(w.startedAt, now)}</td>
                <td className="px-5 py-2 tabular-nums">
                  {w.running} of {w.concurrency}
                </td>
                <td className="px-5 py-2">{ago(w.heartbeatAt, now)}</td>
                <td className={`px-5 py-2 ${STATUS_STYLE[w.status]}`}>{w.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {overview.workers.length === 0 && <p className="px-5 py-4 text-sm text-zinc-600">No worker has started: steps wait until one does.</p>}
      </Card>
      <Card title="Failed and lost steps" description="On workers, in the last 24 hours, in this team's runs.">
        <table className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="px-5 py-2 font-medium">Run</th>
              <th className="px-5 py-2 font-medium">Step</th>
              <th className="px-5 py-2 font-medium">What happened</th>
              <th className="px-5 py-2 font-medium">When</th>
            </tr>
          </thead>
          <tbody>
            {overview.failed.map((row) => (
              <tr key={`${row.runId}:${row.nodeId}:${row.attempt}`} className="border-t border-zinc-100">
                <td className="px-5 py-2">
                  <Link className="text-sky-700 underline" href={`/masteries/${row.masteryId}?run=${row.runId}`}>
                    {row.masteryName}
                  </Link>
                </td>
                <td className="px-5 py-2">
                  {row.nodeId}, attempt {row.attempt}
                </td>
                <td className="px-5 py-2">{row.message ?? LOST_LABEL[row.state] ?? row.state}</td>
                <td className="px-5 py-2">{row.finishedAt === null ? '' : ago(row.finishedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {overview.failed.length === 0 && <p className="px-5 py-4 text-sm text-zinc-600">None.</p>}
      </Card>
    </>
  );
}
