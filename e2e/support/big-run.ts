/**
 * A run of about 3,000 steps for the run view: the layered DAG at 1.75 times its width, 64 steps at once.
 * `smallOutputs` makes every joining step a `delay` (which passes on null from several inputs) instead of
 * a `merge` (whose output holds its inputs' outputs, so that the data grows level after level, megabytes
 * by the end): the same shape with little data, which runs in about a minute.
 */
import { layeredDag, type GeneratedGraph } from './layered-dag';

export function bigRunGraph({ smallOutputs }: { smallOutputs: boolean }): GeneratedGraph {
  const graph = layeredDag(1.75, 64);
  if (!smallOutputs) return graph;
  return { ...graph, nodes: graph.nodes.map((node) => (node.type === 'merge' ? { ...node, type: 'delay', config: { ms: 0 } } : node)) };
}
