/** How the metrics page writes its numbers; durations and costs come from the run panel's helpers. */
import type { z } from 'zod';
import type { metricsSummarySchema } from '@/server/metrics/schemas';
import { PERCENTILE_PRECISION } from '@/server/metrics/histogram';

export type MetricsPeriod = z.output<typeof metricsSummarySchema>['days'];

export const METRICS_PERIODS = [7, 30, 90] as const satisfies readonly MetricsPeriod[];

/** `?days=` as a period the server accepts; anything else (absent, '14', repeated) falls back to 7. */
export function parsePeriod(value: string | string[] | undefined): MetricsPeriod {
  return METRICS_PERIODS.find((days) => String(days) === value) ?? 7;
}

/** "83%", or "—" when no run or call has ended yet (0% would claim they all failed). */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** "1,234": grouped the same way the budgets write tokens, whatever the browser's locale. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

// Nice tick values have few digits; float noise (0.30000000000000004) must not count as one.
const TICK_MAX_SIGNIFICANT = 6;
const TICK_TOLERANCE = 1e-9;

/**
 * A cost axis tick in as few digits as its exact value takes ("$0.000075", "$0.00015", "$2.50"): rounding
 * every tick to one digit made neighbours read the same, or read as values they are not.
 */
export function formatCostTick(usd: number): string {
  if (usd === 0) return '$0';
  let significant = 1;
  while (significant < TICK_MAX_SIGNIFICANT && Math.abs(Number(usd.toPrecision(significant)) - usd) > Math.abs(usd) * TICK_TOLERANCE) significant++;
  const exponent = Number(usd.toExponential(significant - 1).split('e')[1]);
  // Cents at least, as every other cost on the page.
  const fractionDigits = Math.min(20, Math.max(2, significant - 1 - exponent));
  return usd.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });
}

/** 'YYYY-MM-DD' (a UTC day, as the server groups them) as "3 Jan". */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The hint on a percentile column: read from duration buckets, so it is close, not exact. */
export function percentileHint(percentile: 'p50' | 'p95', of: string): string {
  return `${percentile} ≈ the ${percentile === 'p50' ? 'median' : '95th percentile'} ${of}, within ±${Math.round(PERCENTILE_PRECISION * 100)}%: durations are counted in buckets, not kept one by one.`;
}
