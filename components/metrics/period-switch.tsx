import Link from 'next/link';
import { METRICS_PERIODS, type MetricsPeriod } from './metrics-format';

/** Links rather than a select: each period is a URL (`?days=`) that can be shared and reloaded. */
export function PeriodSwitch({ current }: { current: MetricsPeriod }) {
  return (
    <div role="group" aria-label="Period" className="inline-flex rounded-md border border-zinc-200 bg-white p-0.5">
      {METRICS_PERIODS.map((days) => {
        const isCurrent = days === current;
        return (
          <Link
            key={days}
            href={`/metrics?days=${days}`}
            aria-current={isCurrent ? 'page' : undefined}
            className={['rounded px-3 py-1 text-sm font-medium', isCurrent ? 'bg-zinc-100 text-zinc-900' : 'text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900'].join(' ')}
          >
            {days} days
          </Link>
        );
      })}
    </div>
  );
}
