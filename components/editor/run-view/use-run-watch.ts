/**
 * The run panel's data: `runs.view` (the run and a short row per step), fetched again whenever the live
 * stream `runs.watch` reports a stored event, and polled only while that stream is broken. Also gathers the text LLM steps stream as
 * they run, which the server never stores piece by piece (the final text arrives with the step's output).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '@/components/trpc/client';
import { SETTLED_RUN_STATUSES, TERMINAL_RUN_STATUSES } from '../run-format';
import { withSteps } from './run-view-steps';

/** Only a fallback: while the stream works, every change arrives as an event instead. */
const FALLBACK_POLL_MS = 2_000;

/** The text streamed so far by one node's latest attempt. */
export interface LiveText {
  attempt: number;
  text: string;
}

/** `reconnecting`: the stream was open and is being opened again (it resumes after the last event). */
export type WatchConnection = 'live' | 'reconnecting' | null;

function deltaOf(chunk: unknown): string | null {
  return typeof chunk === 'object' && chunk !== null && 'delta' in chunk && typeof chunk.delta === 'string' ? chunk.delta : null;
}

export function useRunWatch(runId: string) {
  const trpc = useTRPC();
  const runKey = useMemo(() => trpc.runs.view.queryKey({ id: runId }), [trpc, runId]);
  const refetchRun = useCoalescedRefetch(runKey);
  const [liveText, setLiveText] = useState<ReadonlyMap<string, LiveText>>(() => new Map());
  const [hasBeenLive, setHasBeenLive] = useState(false);

  const watch = useSubscription(
    trpc.runs.watch.subscriptionOptions(
      { id: runId },
      {
        onStarted: () => setHasBeenLive(true),
        onData: ({ data: item }) => {
          // The final status is an event too: its refetch starts after it arrived, so the final output shows.
          if (item.kind === 'event') return refetchRun();
          const delta = deltaOf(item.chunk);
          if (delta !== null) setLiveText((previous) => appendDelta(previous, item.nodeId, item.attempt, delta));
        },
        // The stream gave up (the fallback poll below takes over): catch up now, not one interval later.
        onError: () => refetchRun(),
      },
    ),
  );
  const isStreamBroken = watch.status === 'error' || (watch.status === 'connecting' && watch.error !== null);

  const query = useQuery(
    trpc.runs.view.queryOptions(
      { id: runId },
      { select: withSteps, refetchInterval: (q) => (isStreamBroken && !(q.state.data && SETTLED_RUN_STATUSES.has(q.state.data.status)) ? FALLBACK_POLL_MS : false) },
    ),
  );

  const isTerminal = query.data !== undefined && TERMINAL_RUN_STATUSES.has(query.data.status);
  const connection: WatchConnection = isTerminal ? null : watch.status === 'pending' ? 'live' : watch.status === 'connecting' && hasBeenLive ? 'reconnecting' : null;
  return { query, connection, liveText };
}

/** A new attempt replaces the previous one's text: only the running attempt is shown. */
function appendDelta(texts: ReadonlyMap<string, LiveText>, nodeId: string, attempt: number, delta: string): ReadonlyMap<string, LiveText> {
  const current = texts.get(nodeId);
  if (current !== undefined && current.attempt > attempt) return texts;
  const text = current?.attempt === attempt ? current.text + delta : delta;
  return new Map(texts).set(nodeId, { attempt, text });
}

/**
 * Some room between two refetches: a run of thousands of steps reports events without pause, and reading
 * its view back to back would keep the server and the page busy with nothing but that.
 */
const MIN_REFETCH_GAP_MS = 250;

/**
 * Refetches the query at most once at a time, with at most one refetch queued behind it: a burst of events
 * (the replay of a long run on connecting) costs two requests, and the last one starts after the last event.
 */
function useCoalescedRefetch(queryKey: QueryKey): () => void {
  const queryClient = useQueryClient();
  const state = useRef({ isInFlight: false, isQueued: false, lastStart: 0 });
  return useCallback(() => {
    const s = state.current;
    const refetch = () => {
      s.isInFlight = true;
      s.lastStart = Date.now();
      // refetchQueries resolves even when the fetch fails: the query's own error state shows the failure.
      void queryClient.refetchQueries({ queryKey, exact: true }).finally(() => {
        if (!s.isQueued) {
          s.isInFlight = false;
          return;
        }
        s.isQueued = false;
        setTimeout(refetch, Math.max(0, s.lastStart + MIN_REFETCH_GAP_MS - Date.now()));
      });
    };
    if (s.isInFlight) s.isQueued = true;
    else refetch();
  }, [queryClient, queryKey]);
}
