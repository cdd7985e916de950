'use client';

import { Input } from '@/components/ui/input';
import { Select, type SelectOption } from '@/components/ui/select';

export interface RunFilterValues {
  status: string;
  masteryId: string;
  startedById: string;
  from: string;
  to: string;
  isTopLevelOnly: boolean;
}

export const NO_FILTERS: RunFilterValues = { status: '', masteryId: '', startedById: '', from: '', to: '', isTopLevelOnly: true };

const STATUS_OPTIONS: readonly SelectOption[] = [
  { value: '', label: 'Any status' },
  ...['QUEUED', 'RUNNING', 'WAITING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((status) => ({ value: status, label: status.charAt(0) + status.slice(1).toLowerCase() })),
];

interface Props {
  values: RunFilterValues;
  masteries: readonly SelectOption[];
  people: readonly SelectOption[];
  onChange(values: RunFilterValues): void;
}

/** The team runs' filters: status, mastery, who started them, a range of days, child runs or not. */
export function RunFilters({ values, masteries, people, onChange }: Props) {
  const set = <K extends keyof RunFilterValues>(key: K, value: RunFilterValues[K]) => onChange({ ...values, [key]: value });
  return (
    <div role="search" aria-label="Filter runs" className="flex flex-wrap items-end gap-3">
      <Select aria-label="Status" controlSize="sm" widthClassName="w-auto" value={values.status} options={STATUS_OPTIONS} onChange={(e) => set('status', e.target.value)} />
      <Select
        aria-label="Mastery"
        controlSize="sm"
        widthClassName="w-auto max-w-56"
        value={values.masteryId}
        options={[{ value: '', label: 'Any mastery' }, ...masteries]}
        onChange={(e) => set('masteryId', e.target.value)}
      />
      <Select
        aria-label="Started by"
        controlSize="sm"
        widthClassName="w-auto max-w-56"
        value={values.startedById}
        options={[{ value: '', label: 'Anyone' }, ...people]}
        onChange={(e) => set('startedById', e.target.value)}
      />
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        From
        <Input type="date" aria-label="From day" value={values.from} onChange={(e) => set('from', e.target.value)} className="h-8 w-auto" />
      </label>
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        To
        <Input type="date" aria-label="To day" value={values.to} onChange={(e) => set('to', e.target.value)} className="h-8 w-auto" />
      </label>
      <label className="flex items-center gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          checked={!values.isTopLevelOnly}
          onChange={(e) => set('isTopLevelOnly', !e.target.checked)}
          className="size-4 rounded border-zinc-300 accent-accent-600"
        />
        Include child runs
      </label>
    </div>
  );
}
