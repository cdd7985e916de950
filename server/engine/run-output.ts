/**
 * The run's output, once every step finished: the `output` node's result when one ran (several: by id);
 * else the settings' result mapping (templates over the run scope); else the result of the last steps
 * (the steps nothing follows), so a plain chain returns what its last step produced.
 */
import type { ExpressionLimits, ExpressionScope } from './expressions';
import { resolveTemplates } from './expressions';
import type { GraphIndex } from './graph-index';

export async function computeRunOutput(index: GraphIndex, scope: ExpressionScope, limits: ExpressionLimits): Promise<unknown> {
  const outputs = collect(index, scope, index.outputNodes);
  if (outputs !== undefined) return outputs;
  const mapping = index.settings.resultMapping;
  if (mapping !== undefined) return resolveTemplates(mapping, scope, limits);
  const sinks = index.nodes.filter((node) => node.outgoing.length === 0).map((node) => node.index);
  return collect(index, scope, sinks) ?? null;
}

function collect(index: GraphIndex, scope: ExpressionScope, candidates: readonly number[]): unknown {
  const ran = candidates
    .map((at) => index.nodes[at]?.id)
    .filter((id): id is NonNullable<typeof id> => id !== undefined && scope.steps[id] !== undefined);
  const [only] = ran;
  if (ran.length === 1 && only !== undefined) return scope.steps[only]?.output;
  if (ran.length === 0) return undefined;
  return Object.fromEntries(ran.map((id) => [id, scope.steps[id]?.output]));
}
