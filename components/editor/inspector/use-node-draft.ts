import { useCallback, useEffect, useRef, useState } from 'react';
import type { StepData } from '../state/types';

interface Edit {
  patch: Partial<StepData>;
  key: string;
}

/**
 * The inspector's edits of one node: shown in its form at once, handed to the graph store just after the
 * next paint. A store change re-checks every card and React Flow node, some 20 ms on a graph of a thousand
 * steps; done inside the keystroke, the character would show only after it. The card, validation and undo
 * get the edit a frame later, several keystrokes of one frame as one change. An edit still pending when
 * the form goes (another node selected) is handed over then.
 */
export function useNodeDraft(
  data: StepData | undefined,
  commit: (patch: Partial<StepData>, key: string) => void,
): { shown: StepData | undefined; update(patch: Partial<StepData>, key: string): void } {
  const [draft, setDraft] = useState<Partial<StepData> | null>(null);
  const pending = useRef<Edit[]>([]);
  const scheduled = useRef<{ frame: number; timer?: ReturnType<typeof setTimeout> } | null>(null);

  const flush = useCallback(() => {
    if (scheduled.current) {
      cancelAnimationFrame(scheduled.current.frame);
      clearTimeout(scheduled.current.timer);
      scheduled.current = null;
    }
    const edits = pending.current;
    pending.current = [];
    for (const edit of edits) commit(edit.patch, edit.key);
    setDraft(null);
  }, [commit]);

  const update = useCallback(
    (patch: Partial<StepData>, key: string) => {
      const last = pending.current.at(-1);
      if (last?.key === key) last.patch = { ...last.patch, ...patch };
      else pending.current.push({ patch, key });
      setDraft((before) => ({ ...before, ...patch }));
      if (scheduled.current) return;
      // A timer set in an animation frame runs once that frame is painted.
      const next: { frame: number; timer?: ReturnType<typeof setTimeout> } = { frame: 0 };
      next.frame = requestAnimationFrame(() => {
        next.timer = setTimeout(flush, 0);
      });
      scheduled.current = next;
    },
    [flush],
  );

  // Unmounted, or handed another node's store update: what is pending goes to the store it was meant for.
  useEffect(() => flush, [flush]);

  return { shown: data && draft ? { ...data, ...draft } : data, update };
}
