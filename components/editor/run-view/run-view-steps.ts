/**
 * `runs.view` sends its steps as one JSON text (the API's encoder walked thousands of rows too slowly on the
 * server, see server/runs/run-view.ts): the run panel reads it back here, once per response.
 */
import type { RouterOutputs } from '@/components/trpc/types';
import type { RunViewStep } from '@/server/runs/run-view';

type RunViewData = RouterOutputs['runs']['view'];

/** The run shown in the run panel, with its steps. */
export type ShownRun = Omit<RunViewData, 'stepsJson'> & { steps: RunViewStep[] };

/** The steps are our own server's JSON.stringify of RunViewStep rows, so they are taken as such. */
export function withSteps({ stepsJson, ...run }: RunViewData): ShownRun {
  return { ...run, steps: JSON.parse(stepsJson) as RunViewStep[] };
}
