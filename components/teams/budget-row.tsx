import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { PERIOD_ADJECTIVES, PERIOD_LABELS, scopeLabel, usageLines, type Budget } from './budget-format';

export interface BudgetRowProps {
  budget: Budget;
  /** Owners edit and remove budgets; everyone else reads. */
  canManage: boolean;
  onEdit(): void;
}

/** One budget: its scope and period, each limit with what was used, and the owner's buttons. */
export function BudgetRow({ budget, canManage, onEdit }: BudgetRowProps) {
  const router = useRouter();
  const trpc = useTRPC();
  const [isConfirming, setIsConfirming] = useState(false);
  const remove = useMutation(
    trpc.budgets.remove.mutationOptions({
      onSuccess: () => {
        setIsConfirming(false);
        router.refresh();
      },
    }),
  );
  const scope = scopeLabel(budget);
  const period = PERIOD_LABELS[budget.period];
  const lines = usageLines(budget);
  // Names the budget for screen readers, where "Edit" alone would not say which one.
  const name = `${scope}, ${period.toLowerCase()}`;

  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3">
      <div className="min-w-0 text-sm">
        <p>
          <span className="font-medium text-zinc-900">{scope}</span>
          <span className="ml-2 text-zinc-600">{period}</span>
          {lines.some((line) => line.isReached) && (
            <span className="ml-2">
              <Badge tone="danger">Limit reached</Badge>
            </span>
          )}
        </p>
        <ul className="mt-1 flex flex-col gap-0.5" aria-label={`Limits of ${name}`}>
          {lines.map((line) => (
            <li key={line.field} className={line.isReached ? 'text-danger-700' : 'text-zinc-600'}>
              {line.text}
            </li>
          ))}
        </ul>
      </div>
      {canManage && (
        <div className="flex shrink-0 gap-2">
          <Button size="sm" variant="secondary" onClick={onEdit}>
            Edit<span className="sr-only"> budget: {name}</span>
          </Button>
          <Button size="sm" variant="danger" onClick={() => { remove.reset(); setIsConfirming(true); }}>
            Remove<span className="sr-only"> budget: {name}</span>
          </Button>
          <ConfirmDialog
            isOpen={isConfirming}
            title="Remove budget"
            error={remove.error?.message}
            confirmLabel="Remove budget"
            isBusy={remove.isPending}
            onConfirm={() => remove.mutate({ id: budget.id })}
            onClose={() => setIsConfirming(false)}
          >
            Remove the {PERIOD_ADJECTIVES[budget.period]} budget of {budget.masteryName === null ? 'the whole team' : `“${scope}”`}? Its runs are no longer limited by it.
          </ConfirmDialog>
        </div>
      )}
    </li>
  );
}
