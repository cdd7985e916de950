import Link from 'next/link';
import type { ReactNode } from 'react';
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

/** A plain table: a header row, then one row per item with a cell per column; `empty` when there are none. */
function Table<T>({ columns, rows, rowKey, empty }: { columns: ReadonlyArray<{ title: string; cell: (row: T) => ReactNode; className?: (row: T) => string }>; rows: readonly T[]; rowKey: (row: T) => string; empty: string }) {
  return (
    <>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            {columns.map((column) => (
              <th key={column.title} className="px-5 py-2 font-medium">
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t border-zinc-100">
              {columns.map((column) => (
                <td key={column.title} className={`px-5 py-2 ${column.className?.(row) ?? ''}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="px-5 py-4 text-sm text-zinc-600">{empty}</p>}
    </>
  );
}

type Worker = Extract<OperationsOverview, { isQueueMode: true }>['workers'][number];
type FailedStep = Extract<OperationsOverview, { isQueueMode: true }>['failed'][number];

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
          <p className="px-5 py-4 text-2xl font-semibold" data-testid="queue-depth">
            {overview.waiting ?? <span className="text-sm font-normal text-red-700">The queue cannot be read: Redis does not answer.</span>}
          </p>
        </Card>
        <Card title="Oldest waiting step">
          <p className="px-5 py-4 text-sm">
            {overview.oldestWaiting === null ? (
              'None'
            ) : 'masteryId' in overview.oldestWaiting ? (
              <Link className="text-sky-700 underline" href={`/masteries/${overview.oldestWaiting.masteryId}?run=${overview.oldestWaiting.runId}`}>
                {overview.oldestWaiting.nodeId}, waiting since {ago(overview.oldestWaiting.since, now)}
              </Link>
            ) : (
              `Another team's step, waiting since ${ago(overview.oldestWaiting.since, now)}`
            )}
          </p>
        </Card>
      </div>
      <Card title="Workers" description="Online: its heartbeat renews the leases of the steps it runs.">
        <Table<Worker>
          rows={overview.workers}
          rowKey={(w) => w.id}
          empty="No worker has started: steps wait until one does."
          columns={[
            { title: 'Host', cell: (w) => w.host },
            { title: 'PID', cell: (w) => w.pid, className: () => 'tabular-nums' },
            { title: 'Started', cell: (w) => ago(w.startedAt, now) },
            { title: 'Steps running', cell: (w) => `${w.running} of ${w.concurrency}`, className: () => 'tabular-nums' },
            { title: 'Heartbeat', cell: (w) => ago(w.heartbeatAt, now) },
            { title: 'Status', cell: (w) => w.status, className: (w) => STATUS_STYLE[w.status] },
          ]}
        />
      </Card>
      <Card title="Failed and lost steps" description="On workers, in the last 24 hours, in this team's runs.">
        <Table<FailedStep>
          rows={overview.failed}
          rowKey={(row) => `${row.runId}:${row.nodeId}:${row.attempt}`}
          empty="None."
          columns={[
            {
              title: 'Run',
              cell: (row) => (
                <Link className="text-sky-700 underline" href={`/masteries/${row.masteryId}?run=${row.runId}`}>
                  {row.masteryName}
                </Link>
              ),
            },
            { title: 'Step', cell: (row) => `${row.nodeId}, attempt ${row.attempt}` },
            { title: 'What happened', cell: (row) => row.message ?? LOST_LABEL[row.state] ?? row.state },
            { title: 'When', cell: (row) => (row.finishedAt === null ? '' : ago(row.finishedAt, now)) },
          ]}
        />
      </Card>
    </>
  );
}
