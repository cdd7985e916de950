import { memo } from 'react';
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { configSummary, iconGlyph } from '../state/catalog-index';
import { useCatalog } from '../state/catalog-context';
import { useEditorStore } from '../state/editor-context';
import { STEP_BORDER, useRunStepStatus } from '../run-view/run-overlay';
import type { EditorNode } from '../state/types';

const NO_PROBLEMS = { errors: 0, warnings: 0 };
/** Below this zoom text is unreadable: nodes draw as plain boxes of the same size (far less to paint). */
const LOW_DETAIL_ZOOM = 0.3;
const isZoomedOut = (s: ReactFlowState) => s.transform[2] < LOW_DETAIL_ZOOM;

/** A step on the canvas: icon, name, one line of config, named output handles and a validation badge. */
export const StepNodeView = memo(function StepNodeView({ id, data, selected }: NodeProps<EditorNode>) {
  const entry = useCatalog().byType.get(data.nodeType);
  const counts = useEditorStore(
    useShallow((s) => {
      const problems = s.problemsByNode.get(id);
      if (!problems) return NO_PROBLEMS;
      const errors = problems.filter((p) => p.severity === 'error').length;
      return { errors, warnings: problems.length - errors };
    }),
  );
  const isLowDetail = useStore(isZoomedOut);
  const outputs = entry?.outputs ?? ['out'];
  const label = data.name || id;
  const runStatus = useRunStepStatus(id);
  const runBorder = runStatus === undefined ? undefined : STEP_BORDER[runStatus];
  const border = counts.errors > 0 ? 'border-danger-600' : selected ? 'border-accent-500' : (runBorder ?? 'border-zinc-300');
  return (
    <div className={`h-16 w-56 rounded-md border-2 bg-white px-3 py-2 text-left ${isLowDetail ? '' : 'shadow-sm'} ${border}`} data-testid={`node-${id}`} data-run-status={runStatus}>
      {data.nodeType !== 'input' && <Handle type="target" position={Position.Left} aria-label={`${label} input`} />}
      {isLowDetail ? (
        <div aria-hidden="true" className={`h-full rounded ${counts.errors > 0 ? 'bg-danger-50' : 'bg-accent-50'}`} />
      ) : (
        <NodeDetails label={label} glyph={iconGlyph(entry?.icon)} counts={counts} summary={entry ? configSummary(entry, data.config) || entry.title : `Unknown type "${data.nodeType}"`} />
      )}
      {outputs.map((output, index) => (
        <Handle
          key={output}
          type="source"
          id={output}
          position={Position.Right}
          aria-label={`${label} output ${output}`}
          style={{ top: `${((index + 1) * 100) / (outputs.length + 1)}%` }}
        >
          {outputs.length > 1 && !isLowDetail && <span className="pointer-events-none absolute left-3 -top-2 text-[10px] text-zinc-500">{output}</span>}
        </Handle>
      ))}
    </div>
  );
});

function NodeDetails({ label, glyph, counts, summary }: { label: string; glyph: string; counts: typeof NO_PROBLEMS; summary: string }) {
  return (
    <>
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="flex h-6 w-6 items-center justify-center rounded bg-accent-50 text-sm text-accent-700">
          {glyph}
        </span>
        <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">{label}</span>
        {counts.errors > 0 && (
          <span className="rounded-full bg-danger-50 px-1.5 text-xs font-semibold text-danger-700" aria-label={`${counts.errors} problem${counts.errors === 1 ? '' : 's'}`}>
            {counts.errors}
          </span>
        )}
        {counts.errors === 0 && counts.warnings > 0 && (
          <span className="rounded-full bg-warning-50 px-1.5 text-xs font-semibold text-warning-700" aria-label={`${counts.warnings} warning${counts.warnings === 1 ? '' : 's'}`}>
            !
          </span>
        )}
      </div>
      <p className="mt-1 truncate text-xs text-zinc-500">{summary}</p>
    </>
  );
}
