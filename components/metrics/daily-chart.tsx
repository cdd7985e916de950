import { formatCost } from '@/components/editor/run-format';
import { EmptyState } from '@/components/ui/empty-state';
import { DailyTable, type DayMetrics } from './daily-table';
import { formatDay, plural } from './metrics-format';

// viewBox units: one column per day, stretched to the card's width (preserveAspectRatio="none"), so 7 and 90
// days both fill it. Only rectangles are drawn, which stretch without looking wrong; text lives in HTML.
const COLUMN = 10;
const HEIGHT = 100;
const TOP = 4;

/** Cost per day as bars, runs per day as a tick over each; a summary for screen readers and a hidden table. */
export function DailyChart({ daily }: { daily: readonly DayMetrics[] }) {
  const totalRuns = daily.reduce((sum, day) => sum + day.runs, 0);
  const first = daily[0];
  const last = daily.at(-1);
  if (totalRuns === 0 || !first || !last) return <EmptyState headingLevel="h3" title="No runs in this period" description="Cost and runs per day appear here once a mastery has run." />;

  const totalCost = daily.reduce((sum, day) => sum + day.costUsd, 0);
  const tallestCost = Math.max(...daily.map((day) => day.costUsd));
  // Never 0, so that a period of runs without LLM steps (all $0) draws flat bars instead of dividing by zero.
  const maxCost = tallestCost || 1;
  const maxRuns = Math.max(...daily.map((day) => day.runs));
  const summary = `Cost and runs per day from ${formatDay(first.day)} to ${formatDay(last.day)}: ${plural(totalRuns, 'run', 'runs')}, ${formatCost(totalCost)} in all.`;
  const scale = (value: number, max: number) => (value / max) * (HEIGHT - TOP);

  return (
    <figure className="flex flex-col gap-2">
      <svg role="img" aria-label={summary} viewBox={`0 0 ${daily.length * COLUMN} ${HEIGHT}`} preserveAspectRatio="none" className="h-40 w-full">
        {daily.map((day, index) => {
          const x = index * COLUMN;
          const costHeight = scale(day.costUsd, maxCost);
          const runsY = HEIGHT - scale(day.runs, maxRuns);
          return (
            <g key={day.day}>
              {/* The hover tooltip for the whole column, not just the bar, so that a $0 day has one too. */}
              <title>{`${formatDay(day.day)}: ${plural(day.runs, 'run', 'runs')}, ${formatCost(day.costUsd)}`}</title>
              <rect x={x} y={0} width={COLUMN} height={HEIGHT} className="fill-transparent hover:fill-zinc-100" />
              <rect x={x + 1.5} y={HEIGHT - costHeight} width={COLUMN - 3} height={costHeight} className="fill-accent-500" />
              {day.runs > 0 && <rect x={x + 0.5} y={Math.min(runsY, HEIGHT - 2)} width={COLUMN - 1} height={2} className="fill-zinc-800" />}
            </g>
          );
        })}
      </svg>
      <div className="flex justify-between text-xs text-zinc-500" aria-hidden="true">
        <span>{formatDay(first.day)}</span>
        <span>{formatDay(last.day)}</span>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-zinc-600">
        <span className="flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-sm bg-accent-500" aria-hidden="true" />
          Cost per day (tallest {formatCost(tallestCost)})
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-0.5 w-3 bg-zinc-800" aria-hidden="true" />
          Runs per day (most {maxRuns})
        </span>
      </figcaption>
      <DailyTable daily={daily} />
    </figure>
  );
}
