import { useEffect, useRef } from 'react';
import { getViewportForBounds, useReactFlow, useStore, useStoreApi, type Viewport } from '@xyflow/react';

/**
 * A canvas showing the whole graph keeps showing it when it is resized (the run panel opens, a panel is
 * dragged): it is fitted again, unless the person moved or zoomed the view since, which is theirs to keep.
 * "Showing the whole graph" is read from the view itself, so any way of fitting counts and any move ends it.
 */
export function useKeepFitted(padding: number): void {
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const flowStore = useStoreApi();
  const { getNodes, getNodesBounds, getViewport, fitView } = useReactFlow();
  const previous = useRef({ width, height });

  useEffect(() => {
    const before = previous.current;
    previous.current = { width, height };
    if (before.width === 0 || before.height === 0 || (before.width === width && before.height === height)) return;
    const nodes = getNodes();
    if (nodes.length === 0) return;
    const { minZoom, maxZoom } = flowStore.getState();
    const fittedBefore = getViewportForBounds(getNodesBounds(nodes), before.width, before.height, minZoom, maxZoom, padding);
    if (isSameView(getViewport(), fittedBefore)) void fitView({ padding });
  }, [width, height, padding, flowStore, getNodes, getNodesBounds, getViewport, fitView]);
}

// Half a pixel and a thousandth of zoom: rounding of the same fit, never a move a person made.
const isSameView = (a: Viewport, b: Viewport) => Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;
