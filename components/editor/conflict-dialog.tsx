import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import type { Conflict } from './use-version-session';

interface Props {
  conflict: Conflict | null;
  isSaving: boolean;
  onOpenTheirs(versionId: string): void;
  onSaveOnTop(): void;
  onClose(): void;
}

/** Someone saved since this version was opened: open theirs, or save this graph as a new draft on top. */
export function ConflictDialog({ conflict, isSaving, onOpenTheirs, onSaveOnTop, onClose }: Props) {
  const latest = conflict?.latestVersionId ?? null;
  return (
    <Dialog isOpen={conflict !== null} title="Someone saved a newer version" onClose={onClose}>
      <p role="alert" className="text-sm text-zinc-700">{conflict?.message}</p>
      <p className="text-sm text-zinc-600">Nothing was saved yet. Your changes stay on the canvas until you choose.</p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>Cancel</Button>
        {latest && <Button variant="secondary" onClick={() => onOpenTheirs(latest)}>Open theirs</Button>}
        <Button onClick={onSaveOnTop} isBusy={isSaving}>Save mine as a new draft on top</Button>
      </div>
    </Dialog>
  );
}
