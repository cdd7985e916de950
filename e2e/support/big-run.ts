/**
 * A run of about 3,000 steps for the run view: the layered DAG at 1.75 times its width, 64 steps at once.
 * `smallOutputs` makes every joining step a `delay` (which passes on null from several inputs) instead of
 * a `merge` (whose output holds its inputs' outputs, so that the data grows level after level, megabytes
 * by the end): the same shape with little data, which runs in about a minute.
 */
import { layeredDag, type GeneratedGraph } from './layered-dag';

/** `stepMs`: how long each `delay` step waits, so that a run lasts long enough to watch it. */
export function bigRunGraph({ smallOutputs, stepMs = 0 }: { smallOutputs: boolean; stepMs?: number }): GeneratedGraph {
  const graph = layeredDag(1.75, 64);
  const delay = { type: 'delay', config: { ms: stepMs } };
  return {
    ...graph,
    nodes: graph.nodes.map((node) => (node.type === 'delay' || (smallOutputs && node.type === 'merge') ? { ...node, ...delay } : node)),
  };
}
