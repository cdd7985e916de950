import { useEffect, useState } from 'react';

const TICK_MS = 1000;

/**
 * The wall clock, read again every second while `isTicking` and the tab is visible, so a live run's
 * durations and bars grow between its events (a step can run or wait for minutes without one). Stops when
 * the run ends or the tab is hidden; a tab shown again reads the clock at once.
 */
export function useNow(isTicking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const tick = () => setNow(Date.now());
    const follow = () => {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (document.visibilityState !== 'visible') return;
      tick();
      timer = setInterval(tick, TICK_MS);
    };
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => {
      if (timer !== null) clearInterval(timer);
      document.removeEventListener('visibilitychange', follow);
    };
  }, [isTicking]);
  return now;
}
