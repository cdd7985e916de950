import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditorStore } from '../state/editor-context';

/** Every problem the engine's validator finds, live; clicking one selects and shows its node. */
export function ValidationPanel() {
  const problems = useEditorStore((s) => s.problems);
  const selectOnly = useEditorStore((s) => s.selectOnly);
  const { fitView } = useReactFlow();
  const show = useCallback(
    (nodeId: string) => {
      selectOnly([nodeId]);
      void fitView({ nodes: [{ id: nodeId }], maxZoom: 1.2, duration: 200 });
    },
    [selectOnly, fitView],
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section aria-label="Problems" className="max-h-40 shrink-0 overflow-y-auto border-t border-zinc-200 bg-white px-4 py-2">
      <h2 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
        {problems.length === 0 ? 'No problems' : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`}
      </h2>
      <ul className="mt-1 flex flex-col gap-0.5">
        {problems.map((problem, index) => (
          <li key={`${problem.code}-${problem.nodeId ?? problem.edgeId ?? ''}-${index}`}>
            <button
              type="button"
              disabled={problem.nodeId === undefined}
              onClick={() => problem.nodeId !== undefined && show(problem.nodeId)}
              className={`w-full rounded px-1 text-left text-sm hover:bg-zinc-100 ${problem.severity === 'error' ? 'text-danger-700' : 'text-warning-700'}`}
            >
              {problem.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
