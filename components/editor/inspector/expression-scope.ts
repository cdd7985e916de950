/**
 * What the expression editor of one field knows: the steps its node may read (with their card names and
 * declared output schemas) and the last run's data shaped as the scope the engine evaluates against.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../state/editor-context';
import { useShownRun, type ShownRun } from '../run-view/run-overlay';
import { useRefetchOnChange } from '../run-view/use-refetch-on-change';
import type { StepData } from '../state/types';
import type { CompletionData, RunScope, UpstreamStep } from './expression-completions';
import { upstreamIds } from './upstream';

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A step's output schema where its config declares one: a model step answering JSON to a schema, the input. */
function outputSchemaOf(data: StepData, inputSchema: unknown): unknown {
  if (data.nodeType === 'input') return inputSchema;
  const config = asRecord(data.config);
  return config.responseFormat === 'json' ? config.jsonSchema : undefined;
}

/** As many steps' outputs as one read of the run gives (runs.outputs); a field rarely reads more. */
const SAMPLE_STEPS = 500;

/**
 * The shown run's data as expressions read it, `{ input, steps: { <id>: { output } }, run: { id } }`, for
 * the steps `ids`: their outputs are read from the server (the run panel's list carries none), and read
 * again as more of them finish.
 */
function useRunSample(run: ShownRun | undefined, ids: readonly string[]): RunScope | null {
  const trpc = useTRPC();
  const nodeIds = useMemo(() => ids.slice(0, SAMPLE_STEPS), [ids]);
  const query = useQuery({ ...trpc.runs.outputs.queryOptions({ id: run?.id ?? '', nodeIds }), enabled: run !== undefined && nodeIds.length > 0 });
  const finished = useMemo(() => {
    const wanted = new Set(nodeIds);
    return run ? run.steps.filter((step) => step.finishedMs !== null && wanted.has(step.nodeId)).length : 0;
  }, [run, nodeIds]);
  useRefetchOnChange(finished, query.refetch);
  const outputs = query.data;
  return useMemo(() => {
    if (!run) return null;
    const steps: RunScope['steps'] = Object.fromEntries(Object.entries(outputs ?? {}).map(([id, output]) => [id, { output }]));
    return { input: run.input, steps, run: { id: run.id } };
  }, [run, outputs]);
}

/**
 * Steps upstream of `nodeId`; with no node (the mastery's result mapping), every step. The selector keeps
 * ids and data objects only, which a drag leaves as they are, so moving nodes does not re-render the field.
 */
function useUpstreamSteps(nodeId: string | undefined, inputSchema: unknown): UpstreamStep[] {
  const flat = useEditorStore(
    useShallow((s) => {
      const ids = nodeId === undefined ? null : new Set(upstreamIds(s.edges, nodeId));
      return s.nodes.filter((node) => node.type !== 'note' && node.id !== nodeId && (ids === null || ids.has(node.id))).flatMap((node) => [node.id, node.data]);
    }),
  );
  return useMemo(() => {
    const steps: UpstreamStep[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const [id, data] = [flat[i], flat[i + 1]];
      if (typeof id === 'string' && typeof data === 'object') steps.push({ id, name: data.name || id, outputSchema: outputSchemaOf(data, inputSchema) });
    }
    return steps;
  }, [flat, inputSchema]);
}

export function useCompletionData(nodeId: string | undefined): CompletionData {
  const inputSchema = useEditorStore((s) => s.settings.inputSchema);
  const steps = useUpstreamSteps(nodeId, inputSchema);
  const run = useShownRun()?.run;
  const ids = useMemo(() => steps.map((step) => step.id), [steps]);
  const sample = useRunSample(run, ids);
  return useMemo(() => ({ steps, inputSchema, sample }), [steps, inputSchema, sample]);
}
