import { useCallback } from 'react';
import { useSearchParams } from 'next/navigation';

/** The query string with `run` set to `runId` (removed when null), every other parameter kept: "?version=…&run=…". */
export function withRunParam(search: string, runId: string | null): string {
  const params = new URLSearchParams(search);
  if (runId === null) params.delete('run');
  else params.set('run', runId);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/**
 * The run shown in the run panel, kept in the URL as `?run=<id>` beside any other parameter (`?version=`),
 * so that a reload or a shared link opens the same run. Replaced, not pushed: opening runs adds no history.
 *
 * Written with `history.replaceState`, which Next's router takes up (useSearchParams follows), not with
 * `router.replace`: that renders the page again on the server, and once the current version has changed
 * since the editor loaded (a teammate published) the editor remounts under the new version's key, dropping
 * unsaved edits without a word. Nothing on the server needs `run`.
 */
export function useRunParam(): [runId: string | null, setRunId: (runId: string | null) => void] {
  const runId = useSearchParams().get('run') || null;
  const setRunId = useCallback((id: string | null) => {
    const { pathname, search, hash } = window.location;
    window.history.replaceState(null, '', `${pathname}${withRunParam(search, id)}${hash}`);
  }, []);
  return [runId, setRunId];
}
