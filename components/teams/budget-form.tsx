import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select, type SelectOption } from '@/components/ui/select';
import { PERIOD_LABELS, limitText, parseLimit, type Budget, type BudgetPeriod, type LimitField } from './budget-format';

const FIELDS = ['masteryId', 'period', 'maxCostUsd', 'maxTokens', 'maxConcurrentRuns'] as const;
const PERIOD_OPTIONS = (['DAY', 'MONTH'] as const).map((period) => ({ value: period, label: PERIOD_LABELS[period] }));
// The select needs a string value; the server's "whole team" is a null mastery id.
const WHOLE_TEAM = '';

const LIMITS = [
  { field: 'maxCostUsd', label: 'Max cost (USD)', inputMode: 'decimal' },
  { field: 'maxTokens', label: 'Max tokens', inputMode: 'numeric' },
  { field: 'maxConcurrentRuns', label: 'Max concurrent runs', inputMode: 'numeric' },
] as const satisfies ReadonlyArray<{ field: LimitField; label: string; inputMode: 'decimal' | 'numeric' }>;

export interface BudgetFormProps {
  /** The budget to change; absent for a new one. */
  budget?: Budget;
  /** The team's masteries a budget may cover. */
  masteries: readonly SelectOption[];
  onSaved(): void;
  onCancel(): void;
}

/** Add or change a budget: its scope, period and up to three limits (blank = no limit). */
export function BudgetForm({ budget, masteries, onSaved, onCancel }: BudgetFormProps) {
  const trpc = useTRPC();
  const save = useMutation(trpc.budgets.save.mutationOptions({ onSuccess: onSaved }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<LimitField, string>>>({});
  const errors: Record<string, string | undefined> = { ...fieldErrors(save.error), ...localErrors };
  const scopes = scopeOptions(masteries, budget);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const limits: Partial<Record<LimitField, number | null>> = {};
    const problems: Partial<Record<LimitField, string>> = {};
    for (const { field } of LIMITS) {
      const parsed = parseLimit(String(form.get(field) ?? ''));
      if ('problem' in parsed) problems[field] = parsed.problem;
      else limits[field] = parsed.value;
    }
    setLocalErrors(problems);
    // The server's errors from an earlier try would otherwise sit beside the new local ones.
    save.reset();
    if (Object.keys(problems).length > 0) return;
    const masteryId = String(form.get('masteryId') ?? WHOLE_TEAM);
    save.mutate({
      ...(budget ? { id: budget.id } : {}),
      masteryId: masteryId === WHOLE_TEAM ? null : masteryId,
      period: String(form.get('period')) as BudgetPeriod,
      maxCostUsd: limits.maxCostUsd ?? null,
      maxTokens: limits.maxTokens ?? null,
      maxConcurrentRuns: limits.maxConcurrentRuns ?? null,
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormAlert message={formError(save.error, FIELDS)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Scope" error={errors.masteryId} hint="The runs it counts: all of the team's, or one mastery's.">
          {(control) => <Select {...control} name="masteryId" options={scopes} defaultValue={budget?.masteryId ?? WHOLE_TEAM} />}
        </Field>
        <Field label="Period" error={errors.period} hint="Days and months start at 00:00 UTC.">
          {(control) => <Select {...control} name="period" options={PERIOD_OPTIONS} defaultValue={budget?.period ?? 'MONTH'} />}
        </Field>
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm text-zinc-600">Limits: set at least one; blank means no limit.</legend>
        {LIMITS.map(({ field, label, inputMode }) => (
          <Field key={field} label={label} error={errors[field]}>
            {(control) => <Input {...control} name={field} inputMode={inputMode} autoComplete="off" placeholder="No limit" defaultValue={limitText(budget?.[field] ?? null)} />}
          </Field>
        ))}
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" isBusy={save.isPending}>
          {budget ? 'Save budget' : 'Add budget'}
        </Button>
      </div>
    </form>
  );
}

/** Whole team, then the masteries; a budget's own mastery stays selectable even when it is archived (not listed). */
function scopeOptions(masteries: readonly SelectOption[], budget: Budget | undefined): SelectOption[] {
  const options = [{ value: WHOLE_TEAM, label: 'Whole team' }, ...masteries];
  if (budget?.masteryId && !masteries.some((option) => option.value === budget.masteryId)) {
    options.push({ value: budget.masteryId, label: budget.masteryName ?? budget.masteryId });
  }
  return options;
}
