import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { requireUser } from '@/app/_lib/session';
import { AgentMetrics } from '@/components/metrics/agent-metrics';
import { DailyChart } from '@/components/metrics/daily-chart';
import { MasteryMetrics } from '@/components/metrics/mastery-metrics';
import { formatDay, parsePeriod } from '@/components/metrics/metrics-format';
import { PeriodSwitch } from '@/components/metrics/period-switch';
import { FirstTeam } from '@/components/teams/first-team';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Metrics · Mastery Studio' };

/** What the team's masteries and agents ran, how well, how fast and at what cost, over 7, 30 or 90 days. */
export default async function MetricsPage({ searchParams }: { searchParams: Promise<{ days?: string | string[] }> }) {
  const days = parsePeriod((await searchParams).days);
  await requireUser(`/metrics?days=${days}`);
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const [team, summary] = await Promise.all([api.teams.current(), api.metrics.summary({ days })]);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Metrics</h1>
          <p className="mt-1 text-sm text-zinc-600">
            Runs, LLM calls, tokens and cost of {team.name} since {formatDay(summary.since.toISOString().slice(0, 10))} (UTC).
          </p>
        </div>
        <PeriodSwitch current={days} />
      </div>
      <Card title="Cost and runs per day">
        <DailyChart daily={summary.daily} />
      </Card>
      <Card title="Masteries" description="Top-level runs; a sub-mastery's runs count in its parent's.">
        <MasteryMetrics masteries={summary.masteries} />
      </Card>
      <Card title="Agents" description="LLM calls made as each agent, in every run.">
        <AgentMetrics agents={summary.agents} />
      </Card>
    </div>
  );
}
