/**
 * The run shown in the run panel, for the canvas (each node's step status) and the inspector's Data tab.
 * Kept in its own context, not the canvas store: run results are server data, not part of the graph being
 * edited. Statuses have a context of their own so that a poll with nothing new re-renders no node.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { RouterOutputs } from '@/components/trpc/types';
import type { LiveText } from './use-run-watch';

export type ShownRun = RouterOutputs['runs']['get'];
export type RunOverlay = ReadonlyMap<string, string>;
export interface ShownRunData {
  run: ShownRun;
  liveText: ReadonlyMap<string, LiveText>;
}

const EMPTY: RunOverlay = new Map();
const OverlayContext = createContext<RunOverlay>(EMPTY);
const ShownRunContext = createContext<ShownRunData | null>(null);
const SetShownRunContext = createContext<(shown: ShownRunData | null) => void>(() => {});

export function RunOverlayProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<ShownRunData | null>(null);
  // The key changes only when a status does.
  const key = shown ? JSON.stringify(shown.run.steps.map((step) => [step.nodeId, step.status])) : '';
  const overlay = useMemo<RunOverlay>(() => (key === '' ? EMPTY : new Map(JSON.parse(key) as Array<[string, string]>)), [key]);
  return (
    <SetShownRunContext.Provider value={setShown}>
      <ShownRunContext.Provider value={shown}>
        <OverlayContext.Provider value={overlay}>{children}</OverlayContext.Provider>
      </ShownRunContext.Provider>
    </SetShownRunContext.Provider>
  );
}

export function useRunStepStatus(nodeId: string): string | undefined {
  return useContext(OverlayContext).get(nodeId);
}

/** The run open in the run panel with the text its steps stream, or null when none is open. */
export function useShownRun(): ShownRunData | null {
  return useContext(ShownRunContext);
}

export function useSetShownRun() {
  return useContext(SetShownRunContext);
}
