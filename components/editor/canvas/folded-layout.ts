/**
 * Layered layout for big graphs, in linear time: each step one level to the right of its deepest input, steps
 * of a level ordered by where their inputs sit (so fan-ins line up with what feeds them), and a level of
 * more steps than fit the screen's shape folded into several columns side by side. elkjs's layered
 * algorithm takes seconds on thousands of nodes and edges and stacks a level of hundreds of steps into
 * one column tens of thousands of pixels tall; this keeps the whole graph near the screen's proportions.
 */
import type { LayoutEdge, LayoutNode } from './layout';

const COLUMN_GAP = 60;
const LEVEL_GAP = 140;
const ROW_GAP = 24;
/** Width over height of the laid-out graph that folding aims at: a landscape screen's. */
const TARGET_ASPECT = 1.6;

type Position = { x: number; y: number };

export function foldedLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Map<string, Position> {
  const levels = orderedLevels(nodes, edges);
  const width = Math.max(1, ...nodes.map((node) => node.width));
  const height = Math.max(1, ...nodes.map((node) => node.height));
  const rows = foldRows(levels.map((level) => level.length), width, height);
  const bandHeight = rows * (height + ROW_GAP);
  const levelWidths = levels.map((level) => Math.ceil(level.length / rows) * (width + COLUMN_GAP) - COLUMN_GAP);
  const stripWidth = levelWidths.reduce((sum, levelWidth) => sum + levelWidth + LEVEL_GAP, 0);
  // A long chain of narrow levels wraps into bands under one another, like lines of text.
  const bands = Math.max(1, Math.round(Math.sqrt(stripWidth / (bandHeight * TARGET_ASPECT))));
  const bandWidth = stripWidth / bands;
  const positions = new Map<string, Position>();
  let x = 0;
  let top = 0;
  levels.forEach((level, at) => {
    const levelWidth = levelWidths[at] ?? 0;
    if (x > 0 && x + levelWidth / 2 > bandWidth) [x, top] = [0, top + bandHeight + LEVEL_GAP];
    const columns = Math.ceil(level.length / rows);
    const perColumn = Math.ceil(level.length / columns);
    level.forEach((id, index) => {
      const column = Math.floor(index / perColumn);
      const row = index % perColumn;
      // Each column centred on the band, so that a level of few steps sits mid-height.
      const offset = ((rows - Math.min(perColumn, level.length - column * perColumn)) * (height + ROW_GAP)) / 2;
      positions.set(id, { x: x + column * (width + COLUMN_GAP), y: top + offset + row * (height + ROW_GAP) });
    });
    x += levelWidth + LEVEL_GAP;
  });
  return positions;
}

/** The most steps one column of a level holds: the fold whose bounding box is nearest the target shape. */
function foldRows(levelSizes: readonly number[], width: number, height: number): number {
  const widest = Math.max(1, ...levelSizes);
  let best = widest;
  let bestMiss = Infinity;
  for (let rows = 1; rows <= widest; rows += 1) {
    const columns = levelSizes.reduce((sum, size) => sum + Math.ceil(size / rows), 0);
    const totalWidth = columns * (width + COLUMN_GAP) + levelSizes.length * LEVEL_GAP;
    const totalHeight = Math.min(rows, widest) * (height + ROW_GAP);
    const miss = Math.abs(Math.log(totalWidth / totalHeight / TARGET_ASPECT));
    if (miss < bestMiss) [best, bestMiss] = [rows, miss];
  }
  return best;
}

/**
 * Steps by level (longest path from a step with no inputs), each level sorted by the mean place of its inputs
 * in the levels before; an input's output handles are told apart, so a condition's `true` branch comes
 * before its `false` branch. Steps on a cycle (never valid, but laid out all the same) go in a last level.
 */
function orderedLevels(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): string[][] {
  const known = new Map(nodes.map((node, index) => [node.id, { node, index }]));
  const inputs = new Map<string, { source: string; handle: number }[]>();
  const outgoing = new Map<string, string[]>();
  const pending = new Map(nodes.map((node) => [node.id, 0]));
  for (const edge of edges) {
    const source = known.get(edge.source);
    if (!source || !known.has(edge.target) || edge.source === edge.target) continue;
    const outputs = source.node.outputs;
    // A tie-breaker far smaller than the gap between two neighbours' places.
    const handle = (Math.max(0, edge.sourceHandle ? outputs.indexOf(edge.sourceHandle) : 0) / Math.max(1, outputs.length)) * 1e-6;
    const into = inputs.get(edge.target) ?? [];
    into.push({ source: edge.source, handle });
    inputs.set(edge.target, into);
    const out = outgoing.get(edge.source) ?? [];
    out.push(edge.target);
    outgoing.set(edge.source, out);
    pending.set(edge.target, (pending.get(edge.target) ?? 0) + 1);
  }
  const level = new Map<string, number>();
  const queue = nodes.filter((node) => pending.get(node.id) === 0).map((node) => node.id);
  for (const id of queue) level.set(id, 0);
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head] as string;
    for (const target of outgoing.get(id) ?? []) {
      level.set(target, Math.max(level.get(target) ?? 0, (level.get(id) ?? 0) + 1));
      const left = (pending.get(target) ?? 1) - 1;
      pending.set(target, left);
      if (left === 0) queue.push(target);
    }
  }
  let deepest = -1;
  for (const value of level.values()) deepest = Math.max(deepest, value);
  const levels: string[][] = [];
  for (const node of nodes) {
    const at = level.get(node.id) ?? deepest + 1;
    (levels[at] ??= []).push(node.id);
  }
  const place = new Map<string, number>();
  const compact = levels.filter((ids) => ids !== undefined);
  for (const ids of compact) {
    const weight = (id: string) => {
      const from = (inputs.get(id) ?? []).filter((input) => place.has(input.source));
      if (from.length === 0) return (known.get(id)?.index ?? 0) / nodes.length;
      return from.reduce((sum, input) => sum + (place.get(input.source) ?? 0) + input.handle, 0) / from.length;
    };
    const weights = new Map(ids.map((id) => [id, weight(id)]));
    ids.sort((a, b) => (weights.get(a) ?? 0) - (weights.get(b) ?? 0));
    // Places as fractions of the level, so that levels of different sizes line up.
    ids.forEach((id, index) => place.set(id, (index + 0.5) / ids.length));
  }
  return compact;
}
