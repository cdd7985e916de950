import type { RouterOutputs } from '@/components/trpc/types';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { formatCost, formatDuration, prettyJson } from '../run-format';
import type { LiveText } from './use-run-watch';
import { ApprovalRequest } from './approval-request';

type Run = RouterOutputs['runs']['get'];
type Step = Run['steps'][number];

const STEP_TONE: Readonly<Record<string, BadgeTone>> = {
  RUNNING: 'accent',
  RETRYING: 'warning',
  WAITING: 'warning',
  SUCCEEDED: 'success',
  FAILED: 'danger',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STEP_TONE[status] ?? 'neutral'}>{status.charAt(0) + status.slice(1).toLowerCase()}</Badge>;
}

/**
 * The run's steps in the order of the graph's nodes (steps of nodes no longer on the canvas last). A running
 * step shows the text its attempt has streamed so far; once it leaves RUNNING its stored output replaces it.
 */
export function RunSteps({ run, nodeOrder, liveText }: { run: Run; nodeOrder: ReadonlyArray<{ id: string; name: string }>; liveText: ReadonlyMap<string, LiveText> }) {
  const position = new Map(nodeOrder.map((node, index) => [node.id, index]));
  const names = new Map(nodeOrder.map((node) => [node.id, node.name]));
  const steps = [...run.steps].sort((a, b) => (position.get(a.nodeId) ?? Infinity) - (position.get(b.nodeId) ?? Infinity));
  if (steps.length === 0) return <p className="text-sm text-zinc-500">No step has started yet.</p>;
  return (
    <ol className="flex flex-col gap-1" aria-label="Steps">
      {steps.map((step) => {
        const attempts = run.attempts.filter((attempt) => attempt.nodeId === step.nodeId);
        const timed = attempts.filter((attempt) => attempt.durationMs !== null);
        const durationMs = timed.length > 0 ? timed.reduce((sum, attempt) => sum + (attempt.durationMs ?? 0), 0) : null;
        const live = liveText.get(step.nodeId);
        // Matched by attempt too: text streamed by a failed attempt must not pass for the retry's.
        const streamed = step.status === 'RUNNING' && live?.attempt === step.attempt ? live.text : null;
        const name = names.get(step.nodeId) || step.nodeId;
        return <StepRow key={step.nodeId} runId={run.id} step={step} name={name} attempts={Math.max(step.attempt, attempts.length)} durationMs={durationMs} streamed={streamed} />;
      })}
    </ol>
  );
}

interface StepRowProps {
  runId: string;
  step: Step;
  name: string;
  attempts: number;
  durationMs: number | null;
  streamed: string | null;
}

function StepRow({ runId, step, name, attempts, durationMs, streamed }: StepRowProps) {
  const detail = step.error ?? step.output;
  return (
    <li className="rounded-md border border-zinc-200 bg-white">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5 text-sm">
          <span className="min-w-0 flex-1 truncate font-medium text-zinc-900">{name}</span>
          <StatusBadge status={step.status} />
          <span className="text-xs text-zinc-500">{attempts} attempt{attempts === 1 ? '' : 's'}</span>
          <span className="text-xs text-zinc-500">{formatDuration(durationMs)}</span>
          <span className="text-xs text-zinc-500">
            {step.tokensIn + step.tokensOut} tokens · {formatCost(step.costUsd)}
          </span>
        </summary>
        <div className="border-t border-zinc-100 px-3 py-2">
          <p className="text-xs font-medium text-zinc-600">{step.error ? 'Error' : 'Output'}</p>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-xs text-zinc-800">{detail === null ? 'None yet' : prettyJson(detail)}</pre>
        </div>
      </details>
      {step.status === 'WAITING' && step.waitReason === 'approval' && <ApprovalRequest runId={runId} nodeId={step.nodeId} name={name} output={step.output} />}
      {streamed !== null && (
        <pre aria-label={`Live output of ${name}`} className="max-h-48 overflow-auto border-t border-zinc-100 px-3 py-2 text-xs whitespace-pre-wrap text-zinc-800">
          {streamed}
        </pre>
      )}
    </li>
  );
}
