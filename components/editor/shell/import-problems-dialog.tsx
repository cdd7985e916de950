import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';

/** An import that was refused: nothing was saved, and here is every problem in the file. */
export function ImportProblemsDialog({ problems, onClose }: { problems: string[] | null; onClose(): void }) {
  return (
    <Dialog isOpen={problems !== null} title="Import refused" onClose={onClose}>
      <p className="text-sm text-zinc-700">Nothing was saved. Fix these problems in the file and import it again:</p>
      <ul aria-label="Import problems" className="flex max-h-64 list-disc flex-col gap-1 overflow-y-auto pl-5 text-sm text-danger-700">
        {(problems ?? []).map((problem, index) => <li key={`${index}-${problem}`}>{problem}</li>)}
      </ul>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>Close</Button>
      </div>
    </Dialog>
  );
}
