import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import type { Conflict } from './use-version-session';

interface Props {
  conflict: Conflict | null;
  isSaving: boolean;
  onOpenTheirs(versionId: string): void;
  onSaveOnTop(): void;
  onDownloadMine(): void;
  /** Resolves once the graph is on the clipboard; rejects when the browser refuses. */
  onCopyMine(): Promise<void>;
  onClose(): void;
}

/**
 * Someone saved since this version was opened: open theirs, or save this graph as a new draft on top.
 * Opening theirs first offers a copy of this graph (a file or the clipboard), so nothing is lost.
 */
export function ConflictDialog({ conflict, isSaving, onOpenTheirs, onSaveOnTop, onDownloadMine, onCopyMine, onClose }: Props) {
  const [isKeepingCopy, setIsKeepingCopy] = useState(false);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const latest = conflict?.latestVersionId ?? null;
  const close = () => {
    setIsKeepingCopy(false);
    setCopyStatus(null);
    onClose();
  };
  const copy = () =>
    void onCopyMine().then(
      () => setCopyStatus('Your graph is on the clipboard as JSON.'),
      () => setCopyStatus('The browser refused the clipboard: download the file instead.'),
    );

  return (
    <Dialog isOpen={conflict !== null} title="Someone saved a newer version" onClose={close}>
      <p role="alert" className="text-sm text-zinc-700">{conflict?.message}</p>
      {isKeepingCopy && latest ? (
        <>
          <p className="text-sm text-zinc-600">Opening theirs replaces your canvas. Keep a copy of your graph first: you can import it again later.</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" onClick={onDownloadMine}>Download my graph (JSON)</Button>
            <Button variant="secondary" onClick={copy}>Copy my graph</Button>
          </div>
          <p role="status" className="text-sm text-zinc-600">{copyStatus}</p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" onClick={() => setIsKeepingCopy(false)}>Back</Button>
            <Button onClick={() => onOpenTheirs(latest)}>Open theirs now</Button>
          </div>
        </>
      ) : (
        <>
          <p className="text-sm text-zinc-600">Nothing was saved yet. Your changes stay on the canvas until you choose.</p>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" onClick={close}>Cancel</Button>
            {latest && <Button variant="secondary" onClick={() => setIsKeepingCopy(true)}>Open theirs</Button>}
            <Button onClick={onSaveOnTop} isBusy={isSaving}>Save mine as a new draft on top</Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
