/**
 * Step statuses of the run shown in the run panel, by node id, for colouring the canvas. Kept in its own
 * context, not the canvas store: run results are server data, not part of the graph being edited (STYLE §8).
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type RunOverlay = ReadonlyMap<string, string>;

const EMPTY: RunOverlay = new Map();
const OverlayContext = createContext<RunOverlay>(EMPTY);
const SetOverlayContext = createContext<(statuses: ReadonlyArray<{ nodeId: string; status: string }> | null) => void>(() => {});

export function RunOverlayProvider({ children }: { children: ReactNode }) {
  const [key, setKey] = useState('');
  // The key changes only when a status does, so a poll with nothing new re-renders no node.
  const overlay = useMemo<RunOverlay>(() => (key === '' ? EMPTY : new Map(JSON.parse(key) as Array<[string, string]>)), [key]);
  const setOverlay = useMemo(
    () => (statuses: ReadonlyArray<{ nodeId: string; status: string }> | null) => setKey(statuses ? JSON.stringify(statuses.map((s) => [s.nodeId, s.status])) : ''),
    [],
  );
  return (
    <SetOverlayContext.Provider value={setOverlay}>
      <OverlayContext.Provider value={overlay}>{children}</OverlayContext.Provider>
    </SetOverlayContext.Provider>
  );
}

export function useRunStepStatus(nodeId: string): string | undefined {
  return useContext(OverlayContext).get(nodeId);
}

export function useSetRunOverlay() {
  return useContext(SetOverlayContext);
}

/** Border and label colour of a node by the status of its step in the shown run. */
export const STEP_BORDER: Readonly<Record<string, string>> = {
  QUEUED: 'border-zinc-400',
  RUNNING: 'border-accent-500',
  RETRYING: 'border-warning-700',
  WAITING: 'border-warning-700',
  SUCCEEDED: 'border-success-700',
  FAILED: 'border-danger-600',
  SKIPPED: 'border-zinc-300 border-dashed',
  CANCELLED: 'border-zinc-400 border-dashed',
};
