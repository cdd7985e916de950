import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, FormAlert } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';

interface Props {
  isOpen: boolean;
  isSaving: boolean;
  errors: string[] | null;
  onSave(note: string): void;
  onClose(): void;
}

/** Save creates a new draft version with an optional note; nothing is overwritten. */
export function SaveDialog({ isOpen, isSaving, errors, onSave, onClose }: Props) {
  const [note, setNote] = useState('');
  return (
    <Dialog isOpen={isOpen} title="Save a new draft" onClose={onClose}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          onSave(note);
        }}
      >
        <Field label="Note" hint="What changed, for the version history (optional).">
          {(control) => <Textarea {...control} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {errors && <FormAlert message={`The draft was not saved: ${errors.join('; ')}`} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button type="submit" isBusy={isSaving}>Save draft</Button>
        </div>
      </form>
    </Dialog>
  );
}
