import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrors, formError } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Field, FormAlert } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';

export interface MasteryDetails {
  id: string;
  name: string;
  description: string;
}

const FIELDS = ['name', 'description'] as const;

/** Name and description belong to the mastery, not to a version: saved at once, outside the draft. */
export function MasteryDetailsForm({ mastery, isReadOnly }: { mastery: MasteryDetails; isReadOnly: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(mastery.name);
  const [description, setDescription] = useState(mastery.description);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const rename = useMutation(trpc.masteries.rename.mutationOptions());
  const describe = useMutation(trpc.masteries.updateDescription.mutationOptions());
  const error = rename.error ?? describe.error;
  const errors = fieldErrors(error);
  const isChanged = name !== mastery.name || description !== mastery.description;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.reset();
    describe.reset();
    setSavedAt(null);
    try {
      if (name !== mastery.name) await rename.mutateAsync({ id: mastery.id, name });
      if (description !== mastery.description) await describe.mutateAsync({ id: mastery.id, description });
      setSavedAt(Date.now());
      router.refresh();
    } catch {
      // Shown inline from the mutation's error.
    }
  }

  return (
    <form aria-label="Mastery details" onSubmit={(e) => void onSubmit(e)} noValidate className="flex flex-col gap-3">
      <FormAlert message={formError(error, FIELDS)} />
      <Field label="Mastery name" error={errors.name}>
        {(control) => <Input {...control} className="h-8" value={name} readOnly={isReadOnly} maxLength={100} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Description" error={errors.description}>
        {(control) => <Textarea {...control} rows={2} value={description} readOnly={isReadOnly} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      {!isReadOnly && (
        <div className="flex items-center justify-end gap-3">
          {savedAt !== null && !isChanged && <p role="status" className="text-xs text-zinc-600">Name and description saved.</p>}
          <Button size="sm" type="submit" variant="secondary" disabled={!isChanged} isBusy={rename.isPending || describe.isPending}>
            Save name and description
          </Button>
        </div>
      )}
    </form>
  );
}
