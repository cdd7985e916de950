import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useEditorStore } from '../state/editor-context';
import { problemMessage } from '../state/node-names';
import { useNodeNameMap } from '../state/use-node-names';

/**
 * Every problem the engine's validator finds, live, in a strip under the canvas; each names its node by the
 * name on the card with the id beside it, and clicking one selects and shows that node.
 */
export function ValidationPanel() {
  const problems = useEditorStore((s) => s.problems);
  const selectOnly = useEditorStore((s) => s.selectOnly);
  const names = useNodeNameMap();
  const { fitView } = useReactFlow();
  const show = useCallback(
    (nodeId: string) => {
      selectOnly([nodeId]);
      void fitView({ nodes: [{ id: nodeId }], maxZoom: 1.2, duration: 200 });
    },
    [selectOnly, fitView],
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section aria-label="Problems" className="max-h-36 shrink-0 overflow-y-auto border-t border-zinc-200 bg-white px-3 py-1">
      <h2 className="flex items-center gap-1.5 text-xs font-medium text-zinc-600">
        {problems.length === 0 ? (
          <CircleCheck aria-hidden="true" className="size-3.5 text-success-700" />
        ) : (
          <CircleAlert aria-hidden="true" className={`size-3.5 ${errors > 0 ? 'text-danger-600' : 'text-warning-700'}`} />
        )}
        {problems.length === 0 ? 'No problems' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}
      </h2>
      {problems.length > 0 && (
        <ul className="mt-0.5 flex flex-col">
          {problems.map((problem, index) => (
            <li key={`${problem.code}-${problem.nodeId ?? problem.edgeId ?? ''}-${index}`}>
              <button
                type="button"
                disabled={problem.nodeId === undefined}
                onClick={() => problem.nodeId !== undefined && show(problem.nodeId)}
                className={`flex w-full items-baseline gap-1.5 rounded px-1 text-left text-sm hover:bg-zinc-100 ${problem.severity === 'error' ? 'text-danger-700' : 'text-warning-700'}`}
              >
                {problem.severity === 'warning' && <TriangleAlert aria-hidden="true" className="size-3.5 shrink-0 self-center" />}
                {problem.nodeId !== undefined && (
                  <span className="shrink-0 text-zinc-900">
                    <span className="font-medium">{names.get(problem.nodeId) || problem.nodeId}</span>
                    {(names.get(problem.nodeId) || problem.nodeId) !== problem.nodeId && <code className="ml-1 text-xs text-zinc-500">{problem.nodeId}</code>}
                  </span>
                )}
                <span className="min-w-0">{problemMessage(problem, names)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
