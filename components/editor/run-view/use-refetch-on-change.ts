import { useEffect, useRef } from 'react';

/**
 * Calls `refetch` whenever `key` changes after the first render (the query fetched then already): data read
 * on demand from a run is read again as the run moves on.
 */
export function useRefetchOnChange(key: string | number, refetch: () => unknown): void {
  const readAt = useRef(key);
  useEffect(() => {
    if (readAt.current === key) return;
    readAt.current = key;
    void refetch();
  }, [key, refetch]);
}
