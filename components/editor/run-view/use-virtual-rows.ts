/**
 * Rows of a list rendered only while in view of the box that scrolls them, measured as they render, since a
 * step waiting for approval or streaming text is taller than the others.
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

const ROW_ESTIMATE_PX = 30;
const OVERSCAN_ROWS = 12;

export function useVirtualRows(count: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in the render that asked for it, never memoised
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: OVERSCAN_ROWS,
  });
  return { scrollRef, virtualizer };
}
