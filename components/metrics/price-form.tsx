'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

const FIELDS = ['model', 'inputPerMTok', 'outputPerMTok'];

export interface PriceDraft {
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Adds a model's price, or changes one (the model named is the row changed). */
export function PriceForm({ price, onSaved }: { price: PriceDraft | undefined; onSaved(): void }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.prices.save.mutationOptions({ onSuccess: onSaved }));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const errors: Record<string, string | undefined> = { ...fieldErrors(save.error), ...localErrors };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const numbers = { inputPerMTok: Number(String(form.get('inputPerMTok') ?? '').trim() || Number.NaN), outputPerMTok: Number(String(form.get('outputPerMTok') ?? '').trim() || Number.NaN) };
    const problems: Record<string, string> = {};
    for (const [field, value] of Object.entries(numbers)) if (!Number.isFinite(value)) problems[field] = 'Enter a price in US dollars per million tokens, like 0.15';
    setLocalErrors(problems);
    save.reset();
    if (Object.keys(problems).length > 0) return;
    save.mutate({ model: String(form.get('model') ?? ''), ...numbers });
  }

  return (
    // Keyed by the row being edited (by the caller), so its values fill the fields.
    <form onSubmit={onSubmit} noValidate aria-label={price ? `Change the price of ${price.model}` : 'Add a model price'} className="flex flex-wrap items-end gap-3">
      <FormAlert message={formError(save.error, FIELDS)} />
      <Field label="Model" error={errors.model} className="min-w-48 flex-1">
        {(control) => <Input {...control} name="model" autoComplete="off" placeholder="gpt-4o-mini" defaultValue={price?.model ?? ''} readOnly={price !== undefined} />}
      </Field>
      <Field label="Input, $ per million tokens" error={errors.inputPerMTok}>
        {(control) => <Input {...control} name="inputPerMTok" inputMode="decimal" autoComplete="off" defaultValue={price === undefined ? '' : String(price.inputPerMTok)} />}
      </Field>
      <Field label="Output, $ per million tokens" error={errors.outputPerMTok}>
        {(control) => <Input {...control} name="outputPerMTok" inputMode="decimal" autoComplete="off" defaultValue={price === undefined ? '' : String(price.outputPerMTok)} />}
      </Field>
      <Button type="submit" isBusy={save.isPending}>
        {price ? 'Save price' : 'Add price'}
      </Button>
    </form>
  );
}
