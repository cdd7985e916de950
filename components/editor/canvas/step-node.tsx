import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { configSummary } from '../state/catalog-index';
import { useAgentNames } from '../state/agent-names';
import { useCatalog } from '../state/catalog-context';
import { useEditorStore } from '../state/editor-context';
import { useIsLowDetail } from './level-of-detail';
import { NodeIcon } from '../palette/node-icon';
import { useRunStepStatus } from '../run-view/run-overlay';
import { statusLook } from '../run-view/step-status';
import { DIFF_CARD, DiffMark, useNodeDiffKind } from '../diff/diff-overlay';
import type { EditorNode } from '../state/types';

const NO_PROBLEMS = { errors: 0, warnings: 0 };

/**
 * A card looks the same wherever it is: a move (a drag, an auto-layout of every step) changes only React
 * Flow's wrapper around it, not the card, its handles and its hooks.
 */
function isSameCardAnywhere(before: NodeProps<EditorNode>, after: NodeProps<EditorNode>): boolean {
  const keys = Object.keys(after) as (keyof NodeProps<EditorNode>)[];
  return keys.length === Object.keys(before).length && keys.every((key) => key === 'positionAbsoluteX' || key === 'positionAbsoluteY' || Object.is(before[key], after[key]));
}

/**
 * A step on the canvas: icon, name, one line of config, named output handles and a validation badge. In a
 * shown run its step's status fills the card and shows as an icon and a word, not only as a colour.
 */
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
  const isLowDetail = useIsLowDetail();
  const agentNames = useAgentNames();
  const outputs = entry?.outputs ?? ['out'];
  const label = data.name || id;
  const runStatus = useRunStepStatus(id);
  const look = runStatus === undefined ? undefined : statusLook(runStatus);
  const diffKind = useNodeDiffKind(id);
  const fill = diffKind !== undefined ? DIFF_CARD[diffKind] : counts.errors > 0 ? 'border-danger-600 bg-white' : (look?.card ?? 'border-zinc-300 bg-white');
  const ring = selected ? 'ring-2 ring-accent-500 ring-offset-1' : '';
  return (
    <div className={`relative h-16 w-56 rounded-lg border px-3 py-2 text-left ${isLowDetail ? '' : 'shadow-sm'} ${fill} ${ring}`} data-testid={`node-${id}`} data-run-status={runStatus} data-diff={diffKind}>
      {diffKind !== undefined && <DiffMark kind={diffKind} />}
      {/* A handle is a named point to drag a connection from or to; a bare div may not carry a name. */}
      {data.nodeType !== 'input' && <Handle type="target" position={Position.Left} role="img" aria-label={`${label} input`} />}
      {isLowDetail ? (
        <div aria-hidden="true" className={`h-full rounded ${counts.errors > 0 ? 'bg-danger-50' : 'bg-accent-50'}`} />
      ) : (
        <NodeDetails
          label={label}
          icon={entry?.icon}
          counts={counts}
          runStatus={runStatus}
          summary={entry ? configSummary(entry, data.config, agentNames) || entry.title : `Unknown type "${data.nodeType}"`}
        />
      )}
      {outputs.map((output, index) => (
        <Handle
          key={output}
          type="source"
          id={output}
          position={Position.Right}
          role="img"
          aria-label={`${label} output ${output}`}
          style={{ top: `${((index + 1) * 100) / (outputs.length + 1)}%` }}
        >
          {outputs.length > 1 && !isLowDetail && <span className="pointer-events-none absolute left-3 -top-2 text-[10px] text-zinc-600">{output}</span>}
        </Handle>
      ))}
    </div>
  );
}, isSameCardAnywhere);

interface DetailsProps {
  label: string;
  icon: string | undefined;
  counts: typeof NO_PROBLEMS;
  runStatus: string | undefined;
  summary: string;
}

function NodeDetails({ label, icon, counts, runStatus, summary }: DetailsProps) {
  return (
    <>
      {runStatus !== undefined && <RunStatusBadge status={runStatus} />}
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="flex h-6 w-6 shrink-0 items-center justify-center rounded bg-accent-50 text-accent-700">
          <NodeIcon name={icon} />
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
      <p className="mt-1 truncate text-xs text-zinc-600">{summary}</p>
    </>
  );
}

/** On the card's top edge: the step's status as icon and word (the fill alone would rely on colour). */
function RunStatusBadge({ status }: { status: string }) {
  const look = statusLook(status);
  const Icon = look.icon;
  const tones = { neutral: 'bg-zinc-100 text-zinc-700', accent: 'bg-accent-600 text-white', success: 'bg-success-700 text-white', warning: 'bg-warning-700 text-white', danger: 'bg-danger-600 text-white' } as const;
  return (
    <span className={`absolute -top-2.5 right-2 inline-flex items-center gap-1 rounded-full px-1.5 py-px text-[10px] font-semibold shadow-sm ${tones[look.tone]}`}>
      <Icon aria-hidden="true" className={`size-3 ${status === 'RUNNING' ? 'animate-spin' : ''}`} />
      {look.label}
    </span>
  );
}
