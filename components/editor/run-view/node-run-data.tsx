import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { formatCost, formatDuration } from '../run-format';
import { useNodeNameMap } from '../state/use-node-names';
import { ErrorView } from './error-view';
import { useShownRun } from './run-overlay';
import { StatusBadge } from './status-badge';
import { nextAttemptText, stepTimes, stepTimesText } from './step-durations';
import { StepValue } from './step-value';
import { useNow } from './use-now';
import { useRefetchOnChange } from './use-refetch-on-change';

type Attempt = NonNullable<RouterOutputs['runs']['step']>['attempts'][number];

/**
 * The inspector's Data tab: what one node's step of the shown run received and produced, its error, and
 * each attempt with its own error and the delay before the next one. The run panel's list holds no step
 * data, so the tab reads its step itself, and again whenever the step moves on.
 */
export function NodeRunData({ nodeId, nodeType, name }: { nodeId: string; nodeType: string; name: string }) {
  const shown = useShownRun();
  if (!shown) return <p className="p-4 text-sm text-zinc-500">Run the mastery, or open a run from Runs, to see what this step received and produced.</p>;
  const summary = shown.run.steps.find((s) => s.nodeId === nodeId);
  if (!summary) return <p className="p-4 text-sm text-zinc-500">This node has no step in the run shown: it has not been reached, or it was added after the run.</p>;
  const live = shown.liveText.get(nodeId);
  const streamed = summary.status === 'RUNNING' && live?.attempt === summary.attempt ? live.text : null;
  const version = `${summary.status}:${summary.attempt}:${summary.attemptCount}:${summary.finishedMs ?? ''}`;
  return <StepData runId={shown.run.id} nodeId={nodeId} version={version} isModelText={nodeType === 'llm'} name={name} streamed={streamed} />;
}

interface StepDataProps {
  runId: string;
  nodeId: string;
  /** Changes when the step moves on (status, attempt, end): its data is read again then. */
  version: string;
  isModelText: boolean;
  name: string;
  streamed: string | null;
}

function StepData({ runId, nodeId, version, isModelText, name, streamed }: StepDataProps) {
  const trpc = useTRPC();
  const names = useNodeNameMap();
  const query = useQuery(trpc.runs.step.queryOptions({ id: runId, nodeId }));
  useRefetchOnChange(version, query.refetch);
  if (query.error) return <p className="p-4 text-sm text-danger-700">The step could not be loaded: {query.error.message}</p>;
  const step = query.data;
  if (step === undefined) return <p className="p-4 text-sm text-zinc-500">Loading the step…</p>;
  if (step === null) return <p className="p-4 text-sm text-zinc-500">This node has no step in the run shown: it has not been reached, or it was added after the run.</p>;
  const { attempts } = step;
  return (
    <div className="flex flex-col gap-4 p-4">
      <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600">
        <StatusBadge status={step.status} />
        {step.status === 'RETRYING' && step.retryAt !== null ? (
          <NextAttempt number={attempts.length + 1} retryAt={step.retryAt} />
        ) : (
          <span>{stepTimesText(stepTimes(step, attempts))}</span>
        )}
        {step.tokensIn + step.tokensOut > 0 && (
          <span>
            {step.tokensIn} in · {step.tokensOut} out · {formatCost(step.costUsd)}
          </span>
        )}
      </p>
      {step.error !== null && (
        <Section title="Error">
          <ErrorView error={step.error} label={`Error of ${name}`} names={names} />
        </Section>
      )}
      {streamed !== null && (
        <Section title="Streamed so far">
          <StepValue value={streamed} label={`Text ${name} has streamed so far`} isModelText={isModelText} />
        </Section>
      )}
      {step.output !== null && streamed === null && (
        <Section title="Output">
          <StepValue value={step.output} label={`Output of ${name}`} isModelText={isModelText} />
        </Section>
      )}
      <Section title="Input">{step.input === null ? <p className="text-sm text-zinc-500">None recorded.</p> : <StepValue value={step.input} label={`Input of ${name}`} isModelText={false} />}</Section>
      {attempts.length > 0 && (
        <Section title={`Attempts (${attempts.length})`}>
          <ol className="flex flex-col gap-2" aria-label={`Attempts of ${name}`}>
            {attempts.map((attempt, index) => (
              <AttemptRow key={attempt.attempt} attempt={attempt} next={attempts[index + 1]} name={name} names={names} />
            ))}
          </ol>
        </Section>
      )}
    </div>
  );
}

/** Counts down to the next attempt, a second at a time. */
function NextAttempt({ number, retryAt }: { number: number; retryAt: Date }) {
  return <span>{nextAttemptText(number, retryAt, useNow(true))}</span>;
}

function AttemptRow({ attempt, next, name, names }: { attempt: Attempt; next: Attempt | undefined; name: string; names: ReadonlyMap<string, string> }) {
  // The retry delay: from this attempt's end to the next one's start.
  const delayMs = next?.startedAt && attempt.finishedAt ? next.startedAt.getTime() - attempt.finishedAt.getTime() : null;
  return (
    <li className="flex flex-col gap-1.5 rounded-md border border-zinc-200 bg-white px-3 py-2">
      <p className="flex flex-wrap items-center gap-2 text-xs text-zinc-600">
        <span className="font-medium text-zinc-900">Attempt {attempt.attempt}</span>
        <StatusBadge status={attempt.status} />
        <span>{formatDuration(attempt.durationMs)}</span>
        {attempt.model && <span>{attempt.model}</span>}
        {delayMs !== null && <span>then waited {formatDuration(Math.max(0, delayMs))} before attempt {attempt.attempt + 1}</span>}
      </p>
      {attempt.error !== null && <ErrorView error={attempt.error} label={`Error of ${name}, attempt ${attempt.attempt}`} names={names} />}
    </li>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</h3>
      {children}
    </div>
  );
}
