/**
 * Level of detail: below this zoom text is unreadable, so nodes draw as plain boxes of the same size without
 * handles, and edges as straight lines all in one element (low-detail-edges.tsx) with nothing to hover,
 * which is far less to paint on a graph of thousands.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';

export const LOW_DETAIL_ZOOM = 0.3;
const isZoomedOut = (s: ReactFlowState) => s.transform[2] < LOW_DETAIL_ZOOM;

/** True below the low-detail zoom; re-renders its caller only when the zoom crosses it. */
export function useIsLowDetail(): boolean {
  return useStore(isZoomedOut);
}
