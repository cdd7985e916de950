import { NODE_ID_PATTERN } from '@/server/engine/graph';

/** A fresh slug id (ids are used in expressions): `transform`, then `transform_2`, … */
export function uniqueNodeId(existing: ReadonlyArray<{ id: string }>, base: string): string {
  const taken = new Set(existing.map((node) => node.id));
  const slug = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^[^a-z]+/, '').slice(0, 50) || 'step';
  const stem = NODE_ID_PATTERN.test(slug) ? slug : 'step';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n += 1) {
    const candidate = `${stem}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
