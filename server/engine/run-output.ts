/**
 * The run's output, once every step finished: the `output` node's result when one ran (several: by id);
 * else the settings' result mapping (templates over the run scope); else the result of the last steps
 * (the steps nothing follows), so a plain chain returns what its last step produced.
 */
import type { ExpressionLimits, ExpressionScope } from './expressions';
import { resolveTemplates } from './expressions';
import type { GraphIndex } from './graph-index';

/** A step's output, if it succeeded. */
export type OutputOf = (index: number) => { output: unknown } | undefined;

export async function computeRunOutput(index: GraphIndex, scope: ExpressionScope, limits: ExpressionLimits, outputOf: OutputOf): Promise<unknown> {
  const outputs = collect(index, outputOf, index.outputNodes);
  if (outputs !== undefined) return outputs;
  const mapping = index.settings.resultMapping;
  if (mapping !== undefined) return resolveTemplates(mapping, scope, limits);
  const sinks = index.nodes.filter((node) => node.outgoing.length === 0).map((node) => node.index);
  return collect(index, outputOf, sinks) ?? null;
}

function collect(index: GraphIndex, outputOf: OutputOf, candidates: readonly number[]): unknown {
  const ran: Array<{ id: string; output: unknown }> = [];
  for (const at of candidates) {
    const node = index.nodes[at];
    const result = outputOf(at);
    if (node !== undefined && result !== undefined) ran.push({ id: node.id, output: result.output });
  }
  const [only] = ran;
  if (ran.length === 1 && only !== undefined) return only.output;
  if (ran.length === 0) return undefined;
  return Object.fromEntries(ran.map((step) => [step.id, step.output]));
}
