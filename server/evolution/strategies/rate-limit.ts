/**
 * Rate limits come from doing too much at once: halve the run's `maxParallel`, or the concurrency of the
 * `map` step that was limited, so fewer calls reach the provider together.
 */
import { isObject, NO_USAGE, withNode, type Strategy } from './strategy';
import { isRateLimit } from './retry-backoff';

function mapConcurrency(config: unknown): number | undefined {
  return isObject(config) && typeof config.concurrency === 'number' ? config.concurrency : undefined;
}

export const rateLimitStrategy: Strategy = {
  id: 'rate-limit',
  appliesTo(failure) {
    if (failure.node === undefined || !isRateLimit(failure.error)) return false;
    if (failure.node.type === 'map') return (mapConcurrency(failure.node.config) ?? 4) > 1;
    return failure.graph.settings.maxParallel > 1;
  },
  propose(failure) {
    const node = failure.node;
    if (node === undefined) return { kind: 'refused', reason: 'no failed step', usage: NO_USAGE };
    if (node.type === 'map' && isObject(node.config)) {
      const before = mapConcurrency(node.config) ?? 4;
      const concurrency = Math.max(1, Math.floor(before / 2));
      return {
        kind: 'patch',
        graph: withNode(failure.graph, { ...node, config: { ...node.config, concurrency } }),
        note: `Step "${node.id}" was rate limited: its items now run ${concurrency} at a time instead of ${before}.`,
        usage: NO_USAGE,
      };
    }
    const before = failure.graph.settings.maxParallel;
    const maxParallel = Math.max(1, Math.floor(before / 2));
    return {
      kind: 'patch',
      graph: { ...failure.graph, settings: { ...failure.graph.settings, maxParallel } },
      note: `Step "${node.id}" was rate limited: at most ${maxParallel} step${maxParallel === 1 ? '' : 's'} of a run now execute at once instead of ${before}.`,
      usage: NO_USAGE,
    };
  },
};
