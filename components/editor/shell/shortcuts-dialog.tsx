import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste the selected nodes (as JSON, also between masteries)'],
  ['Ctrl+D', 'Duplicate the selected nodes'],
  ['Delete or Backspace', 'Delete the selection'],
  ['Shift+click, Shift+drag', 'Add to the selection, select with a box'],
  ['Ctrl+S', 'Save a new draft'],
  ['Ctrl+K', 'Command palette: add nodes and run commands'],
  ['?', 'This list'],
];

export function ShortcutsDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  return (
    <Dialog isOpen={isOpen} title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {SHORTCUTS.map(([keys, action]) => (
          <div key={keys} className="contents">
            <dt><kbd className="rounded border border-zinc-300 bg-zinc-50 px-1 font-mono text-xs">{keys}</kbd></dt>
            <dd className="text-zinc-700">{action}</dd>
          </div>
        ))}
      </dl>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
