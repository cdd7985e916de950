import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { StepPolicy } from '@/server/engine/graph';

interface Props {
  policy: StepPolicy | undefined;
  isReadOnly: boolean;
  onChange(policy: StepPolicy | undefined): void;
}

/** Retries, timeout and continue-on-failure (the node's `policy`); empty fields leave the engine's defaults. */
export function PolicyForm({ policy, isReadOnly, onChange }: Props) {
  const attempts = policy?.retry?.maxAttempts;
  const timeoutSeconds = policy?.timeoutMs === undefined ? undefined : policy.timeoutMs / 1000;
  const set = (patch: Partial<StepPolicy>) => {
    const next: StepPolicy = { continueOnFailure: false, ...policy, ...patch };
    const isDefault = next.retry === undefined && next.timeoutMs === undefined && !next.continueOnFailure;
    onChange(isDefault ? undefined : next);
  };
  const attemptsError = attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) ? 'Attempts must be a whole number from 1 to 20' : undefined;
  const timeoutError = timeoutSeconds !== undefined && (timeoutSeconds <= 0 || timeoutSeconds > 86_400) ? 'Timeout must be between 0 and 86,400 seconds' : undefined;
  return (
    <fieldset className="flex flex-col gap-3 border-t border-zinc-200 pt-3">
      <legend className="text-sm font-semibold text-zinc-800">Step policy</legend>
      <Field label="Attempts" hint="In total, the first one included; retries back off exponentially." error={attemptsError}>
        {(control) => (
          <Input
            {...control}
            type="number"
            min={1}
            max={20}
            className="h-8"
            readOnly={isReadOnly}
            value={attempts ?? ''}
            onChange={(e) => set({ retry: e.target.value === '' ? undefined : { initialDelayMs: 1000, multiplier: 2, maxDelayMs: 60_000, jitter: 0.2, ...policy?.retry, maxAttempts: Number(e.target.value) } })}
          />
        )}
      </Field>
      <Field label="Timeout (seconds)" error={timeoutError}>
        {(control) => (
          <Input
            {...control}
            type="number"
            min={0}
            className="h-8"
            readOnly={isReadOnly}
            value={timeoutSeconds ?? ''}
            onChange={(e) => set({ timeoutMs: e.target.value === '' ? undefined : Math.round(Number(e.target.value) * 1000) })}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" checked={policy?.continueOnFailure ?? false} disabled={isReadOnly} onChange={(e) => set({ continueOnFailure: e.target.checked })} />
        Continue on failure
      </label>
    </fieldset>
  );
}
