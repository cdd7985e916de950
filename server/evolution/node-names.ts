/** The names on the cards of stored graphs, by node id, so messages naming a node by id can show its name. */
import { z } from 'zod';

const namedNodesSchema = z.object({ nodes: z.array(z.object({ id: z.string(), name: z.string().optional() })) });

/** Later graphs win where both name a node. A graph that does not read as one adds nothing. */
export function nodeNamesOf(...graphs: unknown[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const graph of graphs) {
    const parsed = namedNodesSchema.safeParse(graph);
    if (!parsed.success) continue;
    for (const node of parsed.data.nodes) if (node.name !== undefined && node.name.trim() !== '') names[node.id] = node.name;
  }
  return names;
}
