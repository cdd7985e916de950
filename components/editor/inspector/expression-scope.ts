/**
 * What the expression editor of one field knows: the steps its node may read (with their card names and
 * declared output schemas) and the last run's data shaped as the scope the engine evaluates against.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../state/editor-context';
import { useShownRun, type ShownRun } from '../run-view/run-overlay';
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

/** The run's data as expressions read it: `{ input, steps: { <id>: { output } }, run: { id } }`. */
export function scopeOfRun(run: Pick<ShownRun, 'id' | 'input' | 'steps'>): RunScope {
  const steps: RunScope['steps'] = {};
  for (const step of run.steps) if (step.output !== null) steps[step.nodeId] = { output: step.output };
  return { input: run.input, steps, run: { id: run.id } };
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
  const sample = useMemo(() => (run ? scopeOfRun(run) : null), [run]);
  return useMemo(() => ({ steps, inputSchema, sample }), [steps, inputSchema, sample]);
}
