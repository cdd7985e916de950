'use client';

import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { runAlertText } from './budget-format';

/**
 * The run's `budget.alert` events, in the run panel. Read again whenever `changedWhen` changes (the run's
 * status or tokens): alerts only ever come with a step's usage.
 */
export function BudgetRunAlerts({ runId, changedWhen, nameOf }: { runId: string; changedWhen: string; nameOf(nodeId: string): string }) {
  const trpc = useTRPC();
  const alerts = useQuery(trpc.budgets.runAlerts.queryOptions({ runId }));
  const { refetch } = alerts;
  useEffect(() => {
    void refetch();
  }, [changedWhen, refetch]);
  if (!alerts.data || alerts.data.length === 0) return null;
  return (
    <ul aria-label="Budget alerts of this run" className="flex flex-col gap-1">
      {alerts.data.map((alert) => (
        <li key={alert.seq} className={`rounded border px-2 py-1 text-xs ${alert.threshold === 100 ? 'border-danger-600/30 bg-danger-50 text-danger-700' : 'border-warning-700/30 bg-warning-50 text-warning-700'}`}>
          {runAlertText(alert, nameOf(alert.nodeId))}
        </li>
      ))}
    </ul>
  );
}
