/** Durations and costs as people read them, the same in the run view and in what the server writes. */

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A cost spent but too small for four decimals still shows as spent, never as "$0.0000". */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.00005) return '< $0.0001';
  return `$${usd.toFixed(usd > 0 && usd < 0.01 ? 4 : 2)}`;
}
