'use client';

import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import { formatCost } from '@/components/editor/run-format';
import { EmptyState } from '@/components/ui/empty-state';
import { DailyTable, type DayMetrics } from './daily-table';
import { formatCostTick, formatCount, formatDay, plural } from './metrics-format';

// Theme tokens, not hex: the chart follows the app's palette.
const COST_COLOUR = 'var(--color-accent-500)';
const RUNS_COLOUR = 'var(--color-zinc-800)';
const TOKENS_COLOUR = 'var(--color-accent-700)';
const AXIS_TICK = { fontSize: 12, fill: 'var(--color-zinc-600)' };
const HEIGHT = 240;

const dayTick = (day: string) => formatDay(day);
const countTick = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : formatCount(n));

/** Cost and runs per day (bars and a line, each with its axis), then tokens per day; a hidden table for screen readers. */
export function DailyChart({ daily, hasEstimates }: { daily: readonly DayMetrics[]; hasEstimates: boolean }) {
  const totalRuns = daily.reduce((sum, day) => sum + day.runs, 0);
  const first = daily[0];
  const last = daily.at(-1);
  if (totalRuns === 0 || !first || !last) return <EmptyState headingLevel="h3" title="No runs in this period" description="Cost and runs per day appear here once a mastery has run." />;
  const totalCost = daily.reduce((sum, day) => sum + day.costUsd, 0);
  const totalTokens = daily.reduce((sum, day) => sum + day.tokens, 0);
  const approx = hasEstimates ? '≈ ' : '';
  const range = `from ${formatDay(first.day)} to ${formatDay(last.day)}`;
  const data = [...daily];
  const tooltip = (props: TooltipContentProps<ValueType, NameType>) => <DayTooltip {...props} approx={approx} />;

  return (
    <div className="flex flex-col gap-6">
      <figure aria-label={`Cost and runs per day ${range}: ${plural(totalRuns, 'run', 'runs')}, ${formatCost(totalCost)} in all.`} className="flex flex-col gap-2">
        <figcaption className="text-sm font-medium text-zinc-800">Cost and runs per day</figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke="var(--color-zinc-200)" />
            <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} minTickGap={16} />
            {/* Auto width: the axis makes room for its widest tick label and its title side by side. */}
            <YAxis yAxisId="cost" tickFormatter={formatCostTick} tick={AXIS_TICK} width="auto" label={{ value: 'Cost (USD)', angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <YAxis yAxisId="runs" orientation="right" allowDecimals={false} tickFormatter={countTick} tick={AXIS_TICK} width={48} label={{ value: 'Runs', angle: 90, position: 'insideRight', fontSize: 12 }} />
            <Tooltip content={tooltip} />
            {/* Two series on two axes: the legend says which is the bar and which the line. */}
            <Legend verticalAlign="top" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Bar yAxisId="cost" dataKey="costUsd" name="Cost" fill={COST_COLOUR} isAnimationActive={false} />
            <Line yAxisId="runs" dataKey="runs" name="Runs" stroke={RUNS_COLOUR} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure aria-label={`Tokens per day ${range}: ${approx}${plural(totalTokens, 'token', 'tokens')} in all${hasEstimates ? ', some estimated' : ''}.`} className="flex flex-col gap-2">
        <figcaption className="text-sm font-medium text-zinc-800">
          Tokens per day{hasEstimates && <span className="font-normal text-zinc-500"> (≈ includes estimates: some providers reported no usage)</span>}
        </figcaption>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke="var(--color-zinc-200)" />
            <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} minTickGap={16} />
            <YAxis allowDecimals={false} tickFormatter={countTick} tick={AXIS_TICK} width={64} label={{ value: 'Tokens', angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <Tooltip content={tooltip} />
            <Bar dataKey="tokens" name="Tokens" fill={TOKENS_COLOUR} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <DailyTable daily={daily} />
    </div>
  );
}

/** One day's figures, whichever series the pointer is over. */
function DayTooltip({ active, payload, approx }: TooltipContentProps<ValueType, NameType> & { approx: string }) {
  const day = payload?.[0]?.payload as DayMetrics | undefined;
  if (!active || day === undefined) return null;
  return (
    <div role="tooltip" className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs shadow-md">
      <p className="font-medium text-zinc-900">{formatDay(day.day)}</p>
      <p className="text-zinc-700">{plural(day.runs, 'run', 'runs')}</p>
      <p className="text-zinc-700">{formatCost(day.costUsd)}</p>
      <p className="text-zinc-700">
        {approx}
        {plural(day.tokens, 'token', 'tokens')}
      </p>
    </div>
  );
}
