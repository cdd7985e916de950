import { useMemo, useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';

export interface Command {
  id: string;
  label: string;
  run(): void;
}

/** Ctrl+K: type to filter, Enter runs the first match. */
export function CommandPalette({ isOpen, commands, onClose }: { isOpen: boolean; commands: readonly Command[]; onClose(): void }) {
  const [query, setQuery] = useState('');
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? commands.filter((command) => command.label.toLowerCase().includes(needle)) : commands;
  }, [commands, query]);
  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    setQuery('');
    command.run();
  };
  return (
    <Dialog isOpen={isOpen} title="Commands" onClose={onClose}>
      <Input
        autoFocus
        aria-label="Search commands"
        placeholder="Add a node, lay out, save…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') run(matches[0]);
        }}
      />
      <ul className="flex max-h-72 flex-col gap-0.5 overflow-y-auto">
        {matches.map((command) => (
          <li key={command.id}>
            <button type="button" className="w-full rounded px-2 py-1 text-left text-sm hover:bg-zinc-100" onClick={() => run(command)}>
              {command.label}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
