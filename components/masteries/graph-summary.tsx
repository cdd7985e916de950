import type { Graph } from '@/server/engine/graph';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';

/** A read-only listing of a version's steps and connections, until the visual editor exists. */
export function GraphSummary({ graph }: { graph: Graph }) {
  const names = new Map(graph.nodes.map((node) => [node.id as string, node.name || node.id]));
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Steps" description={`${graph.nodes.length} in this version`}>
        <ul className="divide-y divide-zinc-100">
          {graph.nodes.map((node) => (
            <li key={node.id} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <span className="font-medium text-zinc-900">{node.name || node.id}</span>
                <span className="ml-2 font-mono text-xs text-zinc-500">{node.id}</span>
              </span>
              <Badge tone="accent">{node.type}</Badge>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Connections" description={`${graph.edges.length} in this version`}>
        {graph.edges.length === 0 ? (
          <p className="text-sm text-zinc-500">No connections.</p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {graph.edges.map((edge) => (
              <li key={edge.id} className="py-2 text-sm text-zinc-800">
                {names.get(edge.source) ?? edge.source} <span aria-hidden="true">→</span>
                <span className="sr-only"> to </span> {names.get(edge.target) ?? edge.target}
                {edge.sourceHandle && edge.sourceHandle !== 'out' && (
                  <span className="ml-2 text-xs text-zinc-500">when {edge.sourceHandle}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
