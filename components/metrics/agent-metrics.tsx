import { formatCost, formatDuration } from '@/components/editor/run-format';
import type { RouterOutputs } from '@/components/trpc/types';
import { EmptyState } from '@/components/ui/empty-state';
import { formatCount, formatRate, percentileHint } from './metrics-format';
import { MetricsTable } from './metrics-table';

type AgentMetrics = RouterOutputs['metrics']['summary']['agents'][number];

const COLUMNS = ['Agent', 'LLM calls', 'Success rate', 'p50 latency', 'p95 latency', 'Tokens', 'Cost'] as const;
const HINTS = { 'p50 latency': percentileHint('p50', 'call latency'), 'p95 latency': percentileHint('p95', 'call latency') };

/** The LLM calls each agent answered in the period, costliest first (the server's order). */
export function AgentMetrics({ agents }: { agents: readonly AgentMetrics[] }) {
  if (agents.length === 0) return <EmptyState headingLevel="h3" title="No LLM calls in this period" description="Agents appear here once an LLM step has run as one of them." />;
  const rows = agents.map((agent) => ({
    id: agent.agentId,
    name: agent.name,
    values: [formatCount(agent.calls), formatRate(agent.successRate), formatDuration(agent.p50Ms), formatDuration(agent.p95Ms), `${agent.isEstimated ? '≈ ' : ''}${formatCount(agent.tokens)}`, formatCost(agent.costUsd)],
  }));
  return <MetricsTable label="Agents" columns={COLUMNS} rows={rows} hints={HINTS} />;
}
