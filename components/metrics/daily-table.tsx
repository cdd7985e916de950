import { formatCost } from '@/components/editor/run-format';
import type { RouterOutputs } from '@/components/trpc/types';
import { formatCount, formatDay } from './metrics-format';

export type DayMetrics = RouterOutputs['metrics']['summary']['daily'][number];

/** The chart's figures for screen readers: an svg with role="img" hides its per-bar titles from them. */
export function DailyTable({ daily }: { daily: readonly DayMetrics[] }) {
  return (
    <table className="sr-only">
      <caption>Runs, tokens and cost per day</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Runs</th>
          <th scope="col">Tokens</th>
          <th scope="col">Cost</th>
        </tr>
      </thead>
      <tbody>
        {daily.map((day) => (
          <tr key={day.day}>
            <th scope="row">{formatDay(day.day)}</th>
            <td>{formatCount(day.runs)}</td>
            <td>{formatCount(day.tokens)}</td>
            <td>{formatCost(day.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
