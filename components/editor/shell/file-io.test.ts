import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { graphSchema } from '@/server/engine/graph';
import { layeredDag } from '@/e2e/support/layered-dag';
import { createEditorStore } from '../state/store';
import { autoLayout } from './file-io';

const outputsOf = () => ['out'];
const placesOf = (store: ReturnType<typeof createEditorStore>) => new Map(store.getState().nodes.map((node) => [node.id, node.position]));

describe('autoLayout of a big graph, moved a few hundred steps a frame', () => {
  // Node has no frames: one every 16 ms, as a browser's.
  beforeEach(() => vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => setTimeout(() => callback(performance.now()), 16)));
  afterEach(() => vi.unstubAllGlobals());

  it('moves every step, fits the view once at the end, and is one undo step', async () => {
    const store = createEditorStore(graphSchema.parse(layeredDag()));
    const before = placesOf(store);
    const fits: number[] = [];
    const parts: number[] = [];
    store.subscribe((state, previous) => {
      if (state.viewRevision !== previous.viewRevision) fits.push(state.viewRevision);
      if (state.nodes !== previous.nodes) parts.push(state.nodes.filter((node, at) => node !== previous.nodes[at]).length);
    });
    await autoLayout(store, outputsOf);
    const after = placesOf(store);
    expect([...after].filter(([id, place]) => place !== before.get(id)).length).toBe(before.size);
    expect(parts.length).toBeGreaterThan(1);
    expect(Math.max(...parts)).toBeLessThanOrEqual(250);
    expect(fits).toEqual([1]);
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(placesOf(store)).toEqual(before);
  });

  it('stops moving when the graph is edited meanwhile, and the edit stays', async () => {
    const store = createEditorStore(graphSchema.parse(layeredDag()));
    const before = placesOf(store);
    const [first] = store.getState().nodes;
    // Renamed as soon as the first part has moved, before the next frame.
    const unsubscribe = store.subscribe((state) => {
      if (!state.isDirty) return;
      unsubscribe();
      queueMicrotask(() => store.getState().updateNodeData(first?.id ?? '', { name: 'Renamed' }));
    });
    await autoLayout(store, outputsOf);
    const moved = [...placesOf(store)].filter(([id, place]) => place !== before.get(id)).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(before.size);
    expect(store.getState().viewRevision).toBe(0);
    expect(store.getState().nodes[0]?.data.name).toBe('Renamed');
  });
});
