import Link from 'next/link';
import { formatCost, formatDuration } from '@/components/editor/run-format';
import type { RouterOutputs } from '@/components/trpc/types';
import { EmptyState } from '@/components/ui/empty-state';
import { formatCount, formatRate, percentileHint } from './metrics-format';
import { MetricsTable } from './metrics-table';

type MasteryMetrics = RouterOutputs['metrics']['summary']['masteries'][number];

const COLUMNS = ['Mastery', 'Runs', 'Success rate', 'p50 duration', 'p95 duration', 'Tokens', 'Cost'] as const;
const HINTS = { 'p50 duration': percentileHint('p50', 'run duration'), 'p95 duration': percentileHint('p95', 'run duration') };

/** Each mastery's top-level runs in the period, costliest first (the server's order). */
export function MasteryMetrics({ masteries }: { masteries: readonly MasteryMetrics[] }) {
  if (masteries.length === 0) return <EmptyState headingLevel="h3" title="No runs in this period" description="Masteries appear here once one of them has run." />;
  const rows = masteries.map((mastery) => ({
    id: mastery.masteryId,
    name: (
      <Link href={`/masteries/${mastery.masteryId}`} className="hover:text-accent-700 hover:underline">
        {mastery.name}
      </Link>
    ),
    values: [formatCount(mastery.runs), formatRate(mastery.successRate), formatDuration(mastery.p50Ms), formatDuration(mastery.p95Ms), formatCount(mastery.tokens), formatCost(mastery.costUsd)],
  }));
  return <MetricsTable label="Masteries" columns={COLUMNS} rows={rows} hints={HINTS} />;
}
