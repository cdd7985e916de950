import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { FieldDiffView } from './field-diff-view';

type GraphDiff = RouterOutputs['versions']['compare']['diff'];

const KIND_TONE = { added: 'success', removed: 'danger', changed: 'warning' } as const;

/** The comparison of two graphs as text: each step and connection added, removed or changed, field by field. */
export function GraphDiffView({ diff }: { diff: GraphDiff }) {
  const isSame = diff.nodes.length === 0 && diff.edges.length === 0 && diff.settings.length === 0 && diff.inputSchema.length === 0;
  if (isSame) return <p className="text-sm text-zinc-600">The two versions do the same thing (positions on the canvas aside).</p>;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-zinc-600">
        {diff.summary.added} added, {diff.summary.removed} removed, {diff.summary.changed} changed
      </p>
      {diff.nodes.length > 0 && (
        <ul aria-label="Changed steps" className="flex flex-col gap-3">
          {diff.nodes.map((node) => (
            <li key={node.id} className="rounded-md border border-zinc-200 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={KIND_TONE[node.kind]}>{node.kind}</Badge>
                <span className="font-medium text-zinc-900">{node.name || node.id}</span>
                <span className="font-mono text-xs text-zinc-500">
                  {node.id} ({node.type})
                </span>
              </div>
              {node.fields.length > 0 && (
                <ul aria-label={`Fields of ${node.id}`} className="mt-2">
                  {node.fields.map((field) => (
                    <FieldDiffView key={field.path} change={field} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {diff.edges.length > 0 && (
        <ul aria-label="Changed connections" className="text-sm text-zinc-700">
          {diff.edges.map((edge) => (
            <li key={edge.id}>
              <Badge tone={KIND_TONE[edge.kind]}>{edge.kind}</Badge> {edge.source}
              {edge.sourceHandle ? ` (${edge.sourceHandle})` : ''} → {edge.target}
            </li>
          ))}
        </ul>
      )}
      {[...diff.settings, ...diff.inputSchema].length > 0 && (
        <ul aria-label="Settings and input schema" className="rounded-md border border-zinc-200 p-3">
          {[...diff.settings, ...diff.inputSchema].map((field) => (
            <FieldDiffView key={field.path} change={field} />
          ))}
        </ul>
      )}
    </div>
  );
}
