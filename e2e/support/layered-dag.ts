/**
 * A generated layered workflow shaped like an astronomy-mosaic pipeline: wide levels of parallel steps (one
 * per image tile) that fan out from one step and fan back into one, each wide step fed by a few steps of the
 * level before. Deterministic (seeded), so that every bench and test run sees the same graph.
 */
export interface GeneratedGraph {
  nodes: { id: string; type: string; name: string; position: { x: number; y: number }; config: Record<string, unknown> }[];
  edges: { id: string; source: string; target: string }[];
  settings: { maxParallel: number };
}

/** Level widths: wide levels of tiles between single gathering steps (fan-in and fan-out of 100 and more). */
const MOSAIC_LEVELS = [1, 205, 365, 1, 1, 205, 1, 137, 274, 1, 137, 1, 125, 250, 1, 1, 1];
/** Parents of a step in a wide level that follows another wide level (every third step has one more). */
const PARENTS_PER_STEP = 3;

/** About 1,700 nodes and 5,000 edges at scale 1; `scale` multiplies the width of every wide level. */
export function layeredDag(scale = 1, maxParallel = 16): GeneratedGraph {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const widths = MOSAIC_LEVELS.map((width) => (width === 1 ? 1 : Math.round(width * scale)));
  const nodes: GeneratedGraph['nodes'] = [];
  const edges: GeneratedGraph['edges'] = [];
  const levels: string[][] = [];
  const connect = (source: string, target: string) => edges.push({ id: `e_${source}_${target}`, source, target });
  widths.forEach((width, level) => {
    const ids: string[] = [];
    for (let i = 0; i < width; i += 1) {
      const isFirst = level === 0;
      const isLast = level === widths.length - 1;
      const id = isFirst ? 'input' : isLast ? 'result' : `l${level}_${i}`;
      ids.push(id);
      const previous = levels[level - 1] ?? [];
      // Fan out from one step, gather a whole level into one, or read a few tiles of the level before.
      const parents = new Set(previous.length === 1 || width === 1 ? previous : [previous[i % previous.length] as string]);
      while (parents.size < Math.min(previous.length, PARENTS_PER_STEP + (i % 3 === 0 ? 1 : 0)) && width > 1) parents.add(previous[Math.floor(random() * previous.length)] as string);
      for (const source of parents) connect(source, id);
      // A step of several inputs merges them (a pass-through step would pass on null).
      const type = isFirst ? 'input' : isLast ? 'output' : parents.size > 1 ? 'merge' : 'delay';
      const config = type === 'delay' ? { ms: 0 } : type === 'merge' ? { mode: 'array' } : {};
      nodes.push({ id, type, name: isFirst ? 'Input' : isLast ? 'Result' : `Tile ${level}.${i}`, position: { x: level * 300, y: i * 100 }, config });
    }
    levels.push(ids);
  });
  return { nodes, edges, settings: { maxParallel } };
}
