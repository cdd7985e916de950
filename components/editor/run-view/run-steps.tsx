import { useMemo } from 'react';
import { ApprovalRequest } from './approval-request';
import type { ShownRun } from './run-overlay';
import { StatusBadge } from './status-badge';
import { stepFigureTexts } from './step-figures';
import { statusLook } from './step-status';
import { TERMINAL_RUN_STATUSES } from '../run-format';
import { executionOrder, runNow, timeAxis, timelineBar, type TimelineBar } from './timeline';
import { useNow } from './use-now';
import { useVirtualRows } from './use-virtual-rows';
import type { LiveText } from './use-run-watch';

type Step = ShownRun['steps'][number];

interface Props {
  run: ShownRun;
  names: ReadonlyMap<string, string>;
  liveText: ReadonlyMap<string, LiveText>;
  selectedNodeId: string | null;
  /** Shows the step's node on the canvas and its data in the inspector. */
  onSelect(nodeId: string): void;
}

/**
 * The run's steps in execution order (by start time), each with its bar on the run's timeline: overlapping
 * bars ran in parallel, the pale stretch before a bar is time spent waiting in the queue. A running step
 * shows the text its attempt has streamed so far.
 */
export function RunSteps({ run, names, liveText, selectedNodeId, onSelect }: Props) {
  const isActive = !TERMINAL_RUN_STATUSES.has(run.status);
  const now = runNow(run, run.steps, isActive, useNow(isActive));
  const steps = useMemo(() => executionOrder(run.steps), [run.steps]);
  const axis = timeAxis(run, run.steps, now);
  const { scrollRef, virtualizer } = useVirtualRows(steps.length);
  if (steps.length === 0) return <p className="text-sm text-zinc-500">No step has started yet.</p>;
  return (
    // Only the rows in view are in the page: a run of thousands of steps scrolls like one of ten. The list
    // scrolls in a box of its own that fills the panel below the run's output.
    <div ref={scrollRef} className="min-h-48 flex-1 overflow-auto">
      <ol className="relative" style={{ height: virtualizer.getTotalSize() }} aria-label="Steps">
        {virtualizer.getVirtualItems().map((row) => {
          const step = steps[row.index];
          if (!step) return null;
          const live = liveText.get(step.nodeId);
          // Matched by attempt too: text streamed by a failed attempt must not pass for the retry's.
          const streamed = step.status === 'RUNNING' && live?.attempt === step.attempt ? live.text : null;
          const name = names.get(step.nodeId) || step.nodeId;
          return (
            <li
              key={step.nodeId}
              ref={virtualizer.measureElement}
              data-index={row.index}
              aria-posinset={row.index + 1}
              aria-setsize={steps.length}
              style={{ transform: `translateY(${row.start}px)` }}
              className={`absolute inset-x-0 top-0 rounded-md pb-0.5 ${selectedNodeId === step.nodeId ? 'bg-accent-50 ring-1 ring-accent-500' : 'hover:bg-white'}`}
            >
              <button
                type="button"
                aria-pressed={selectedNodeId === step.nodeId}
                onClick={() => onSelect(step.nodeId)}
                // Fixed columns around the bar, so every row's bar spans the same axis and the bars line up.
                className="grid w-full grid-cols-[12rem_6.5rem_1fr_15rem] items-center gap-3 px-2 py-1 text-left text-sm"
              >
                <span className="min-w-0 truncate">
                  <span className="font-medium text-zinc-900">{name}</span>
                  {name !== step.nodeId && <span className="ml-1.5 font-mono text-xs text-zinc-600">{step.nodeId}</span>}
                </span>
                <StatusBadge status={step.status} />
                <Bar bar={axis ? timelineBar(step, axis, now) : null} status={step.status} />
                <StepFigures step={step} />
              </button>
              {step.status === 'WAITING' && step.waitReason === 'approval' && <ApprovalRequest runId={run.id} nodeId={step.nodeId} name={name} output={step.waitingOutput} />}
              {streamed !== null && (
                <pre aria-label={`Live output of ${name}`} className="mx-2 mb-1 max-h-48 overflow-auto rounded border border-zinc-200 bg-white px-3 py-2 text-xs whitespace-pre-wrap text-zinc-800">
                  {streamed}
                </pre>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function Bar({ bar, status }: { bar: TimelineBar | null; status: string }) {
  return (
    <span aria-hidden="true" className="relative block h-3 rounded-sm bg-zinc-100">
      {bar && (
        <>
          {bar.startsAt > bar.queuedAt && <span className="absolute inset-y-1 rounded-sm bg-zinc-300" style={{ left: `${bar.queuedAt}%`, width: `${bar.startsAt - bar.queuedAt}%` }} />}
          <span className={`absolute inset-y-0 rounded-sm ${statusLook(status).bar}`} style={{ left: `${bar.startsAt}%`, width: `${bar.width}%` }} />
        </>
      )}
    </span>
  );
}

function StepFigures({ step }: { step: Step }) {
  // Copied from the run this one re-ran: it did not execute here, and cost nothing.
  if (step.isReused) {
    return (
      <span className="flex justify-end text-xs whitespace-nowrap text-zinc-600" title="Its output was kept from the run this one re-ran">
        reused
      </span>
    );
  }
  const figures = stepFigureTexts({ durationMs: step.durationMs, attempts: Math.max(step.attempt, step.attemptCount), tokens: step.tokensIn + step.tokensOut, costUsd: step.costUsd });
  return (
    // Each figure whole in a cell of its own width: a row too narrow for all of them wraps, never clips.
    <span title={figures.full} className="flex flex-wrap justify-end gap-x-3 gap-y-0.5 text-xs whitespace-nowrap text-zinc-600 tabular-nums">
      <span className="min-w-[4.5rem] text-right">{figures.duration}</span>
      <span className="min-w-[4.75rem] text-right">{figures.attempts}</span>
      {figures.usage !== null && <span className="text-right">{figures.usage}</span>}
    </span>
  );
}
