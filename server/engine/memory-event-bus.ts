/** In-process event bus: live subscribers of a run get its events synchronously, in publish order. */
import type { RunId } from './graph';
import type { EventBus, LiveEvent } from './ports';

export class MemoryEventBus implements EventBus {
  private readonly listeners = new Map<RunId, Set<(event: LiveEvent) => void>>();

  publish(events: readonly LiveEvent[]): void {
    for (const event of events) {
      const listeners = this.listeners.get(event.runId);
      if (listeners === undefined) continue;
      for (const listener of listeners) listener(event);
    }
  }

  subscribe(runId: RunId, listener: (event: LiveEvent) => void): () => void {
    let listeners = this.listeners.get(runId);
    if (listeners === undefined) {
      listeners = new Set();
      this.listeners.set(runId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.listeners.delete(runId);
    };
  }
}
