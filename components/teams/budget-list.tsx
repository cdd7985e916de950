'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import type { SelectOption } from '@/components/ui/select';
import { BudgetForm } from './budget-form';
import type { Budget } from './budget-format';
import { BudgetRow } from './budget-row';
import { BudgetWarnings } from './budget-warnings';

export interface BudgetListProps {
  budgets: readonly Budget[];
  /** The masteries an owner may put a budget on; empty for everyone else. */
  masteries: readonly SelectOption[];
  canManage: boolean;
}

/** The team's budgets with what each has used; owners add, edit and remove them in a dialog. */
export function BudgetList({ budgets, masteries, canManage }: BudgetListProps) {
  const router = useRouter();
  // 'new' adds a budget; a budget is being edited; null: the dialog is closed.
  const [editing, setEditing] = useState<Budget | 'new' | null>(null);
  const close = () => setEditing(null);

  return (
    <div className="flex flex-col items-start gap-3">
      <BudgetWarnings budgets={budgets} />
      {budgets.length === 0 ? (
        <p className="text-sm text-zinc-500">No budgets: runs may spend without a limit.</p>
      ) : (
        <ul aria-label="Budgets" className="w-full divide-y divide-zinc-100">
          {budgets.map((budget) => (
            <BudgetRow key={budget.id} budget={budget} canManage={canManage} onEdit={() => setEditing(budget)} />
          ))}
        </ul>
      )}
      {canManage && (
        <>
          <Button variant="secondary" onClick={() => setEditing('new')}>
            Add budget
          </Button>
          <Dialog isOpen={editing !== null} title={editing === 'new' ? 'Add budget' : 'Edit budget'} onClose={close}>
            <BudgetForm
              budget={editing === 'new' || editing === null ? undefined : editing}
              masteries={masteries}
              onSaved={() => {
                close();
                router.refresh();
              }}
              onCancel={close}
            />
          </Dialog>
        </>
      )}
    </div>
  );
}
