import type { Metadata } from 'next';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { requireUser } from '@/app/_lib/session';
import { AgentMetrics } from '@/components/metrics/agent-metrics';
import { CsvDownload } from '@/components/metrics/csv-download';
import { DailyChart } from '@/components/metrics/daily-chart';
import { MasteryMetrics } from '@/components/metrics/mastery-metrics';
import { agentsCsv, dailyCsv, masteriesCsv } from '@/components/metrics/metrics-csv';
import { formatDay, parsePeriod } from '@/components/metrics/metrics-format';
import { PeriodSwitch } from '@/components/metrics/period-switch';
import { PriceTable } from '@/components/metrics/price-table';
import { BudgetWarnings } from '@/components/teams/budget-warnings';
import { FirstTeam } from '@/components/teams/first-team';
import { Card } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Metrics · Mastery Studio' };

/** What the team's masteries and agents ran, how well, how fast and at what cost, over 7, 30 or 90 days. */
export default async function MetricsPage({ searchParams }: { searchParams: Promise<{ days?: string | string[] }> }) {
  const days = parsePeriod((await searchParams).days);
  await requireUser(`/metrics?days=${days}`);
  const api = await serverApi();
  if ((await api.teams.mine()).length === 0) return <FirstTeam />;
  const [team, summary, budgets, prices] = await Promise.all([api.teams.current(), api.metrics.summary({ days }), api.budgets.list(), api.prices.list()]);
  const since = summary.since.toISOString().slice(0, 10);
  const fileName = (what: string) => `${what}-${days}-days-from-${since}.csv`;
  const estimateNote = summary.hasEstimates ? ' Tokens marked ≈ include estimates: some providers reported no usage, so those calls were counted here.' : '';
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Metrics</h1>
          <p className="mt-1 text-sm text-zinc-600">
            Runs, LLM calls, tokens and cost of {team.name} since {formatDay(since)} (UTC).
          </p>
        </div>
        <PeriodSwitch current={days} />
      </div>
      <BudgetWarnings budgets={budgets} />
      <Card title="Per day" actions={<CsvDownload csv={dailyCsv(summary.daily)} fileName={fileName('daily')} label="Download CSV of the daily figures" />}>
        <DailyChart daily={summary.daily} hasEstimates={summary.hasEstimates} />
      </Card>
      <Card
        title="Masteries"
        description={`Top-level runs, counted once they have ended; a sub-mastery's runs count in its parent's.${estimateNote}`}
        actions={<CsvDownload csv={masteriesCsv(summary.masteries)} fileName={fileName('masteries')} label="Download CSV of the masteries table" />}
      >
        <MasteryMetrics masteries={summary.masteries} />
      </Card>
      <Card
        title="Agents"
        description="LLM calls made as each agent, in every run that has ended."
        actions={<CsvDownload csv={agentsCsv(summary.agents)} fileName={fileName('agents')} label="Download CSV of the agents table" />}
      >
        <AgentMetrics agents={summary.agents} />
      </Card>
      <Card
        id="prices"
        title="Model prices"
        description={`US dollars per million tokens for this team's calls: the built-in prices, and the team's own, which replace them for this team only. A call is priced when it ends.${hasRole(team.role, 'OWNER') ? '' : ' Only owners can change them.'}`}
      >
        <PriceTable prices={prices} canManage={hasRole(team.role, 'OWNER')} />
      </Card>
    </div>
  );
}
