/**
 * The run shown in the run panel, for the canvas (each node's step status) and the inspector's Data tab.
 * Kept in its own context, not the canvas store: run results are server data, not part of the graph being
 * edited. Statuses live in a small store of their own that tells each node only of its own step's change: a
 * poll with nothing new re-renders no node, and a step that finishes in a run of thousands re-renders one.
 */
import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { LiveText } from './use-run-watch';
import type { ShownRun } from './run-view-steps';

export type { ShownRun } from './run-view-steps';
export type RunOverlay = ReadonlyMap<string, string>;
export interface ShownRunData {
  run: ShownRun;
  liveText: ReadonlyMap<string, LiveText>;
}

const EMPTY: RunOverlay = new Map();

/**
 * Step statuses by node id, with listeners by node id. A change is told at the next animation frame, once
 * for all the changes made before it: nodes re-render at most once a frame, between the frames of a pan.
 */
class StatusStore {
  /** What the nodes show, and were told of. */
  private shown: RunOverlay = EMPTY;
  private next: RunOverlay = EMPTY;
  private frame: number | null = null;
  private readonly listeners = new Map<string, Set<() => void>>();

  get(nodeId: string): string | undefined {
    return this.shown.get(nodeId);
  }

  set(next: RunOverlay): void {
    this.next = next;
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.tell());
  }

  private tell(): void {
    this.frame = null;
    const previous = this.shown;
    this.shown = this.next;
    for (const [nodeId, listeners] of this.listeners) {
      if (previous.get(nodeId) !== this.shown.get(nodeId)) for (const listener of listeners) listener();
    }
  }

  subscribe(nodeId: string, listener: () => void): () => void {
    const listeners = this.listeners.get(nodeId) ?? new Set();
    listeners.add(listener);
    this.listeners.set(nodeId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.listeners.delete(nodeId);
    };
  }
}

const OverlayContext = createContext<StatusStore>(new StatusStore());
const ShownRunContext = createContext<ShownRunData | null>(null);
const SetShownRunContext = createContext<(shown: ShownRunData | null) => void>(() => {});

export function RunOverlayProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<ShownRunData | null>(null);
  const [statuses] = useState(() => new StatusStore());
  const steps = shown?.run.steps;
  useEffect(() => statuses.set(steps ? new Map(steps.map((step) => [step.nodeId, step.status])) : EMPTY), [statuses, steps]);
  return (
    <SetShownRunContext.Provider value={setShown}>
      <ShownRunContext.Provider value={shown}>
        <OverlayContext.Provider value={statuses}>{children}</OverlayContext.Provider>
      </ShownRunContext.Provider>
    </SetShownRunContext.Provider>
  );
}

export function useRunStepStatus(nodeId: string): string | undefined {
  const statuses = useContext(OverlayContext);
  const subscribe = useCallback((listener: () => void) => statuses.subscribe(nodeId, listener), [statuses, nodeId]);
  return useSyncExternalStore(subscribe, () => statuses.get(nodeId), () => undefined);
}

/** The run open in the run panel with the text its steps stream, or null when none is open. */
export function useShownRun(): ShownRunData | null {
  return useContext(ShownRunContext);
}

export function useSetShownRun() {
  return useContext(SetShownRunContext);
}
