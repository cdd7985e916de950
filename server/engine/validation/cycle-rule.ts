/**
 * A run needs a DAG. Each strongly connected component with a loop is reported once, with one cycle
 * through it printed in full (`a → b → c → a`) and the ids of its edges for the editor to highlight.
 * Iterative Tarjan: a 10,000-step chain must not overflow the call stack.
 */
import { edgeLabel, isFirstOfId, linksFrom, type GraphProblem, type LinkEdge, type ValidationContext } from './problem';

export function cycleProblems(ctx: ValidationContext): GraphProblem[] {
  if (isAcyclic(ctx)) return []; // the common case, checked cheaply before looking for the cycles
  const problems: GraphProblem[] = [];
  for (const component of stronglyConnected(ctx)) {
    const members = new Set(component);
    const start = component[0];
    if (start === undefined) continue;
    const isLoop = component.length > 1 || linksFrom(ctx, start).some((link) => link.target === start);
    if (!isLoop) continue;
    const startId = ctx.nodes[start]?.id ?? '';
    const edges = shortestCycle(ctx, start, members).map((link) => link.edge);
    const path = [startId, ...edges.map((edge) => edge.target)].join(' → ');
    problems.push({
      severity: 'error',
      code: 'CYCLE',
      message: `Cycle: ${path}. A run needs a graph without cycles; remove one of these edges (${edges.map(edgeLabel).join(', ')})`,
      nodeId: startId,
      edgeIds: edges.map((edge) => edge.id),
    });
  }
  return problems;
}

/** Kahn's algorithm: a graph is acyclic exactly when every node can be removed at in-degree zero. */
function isAcyclic(ctx: ValidationContext): boolean {
  const indegree = new Int32Array(ctx.nodes.length);
  for (const link of ctx.linkEdges) indegree[link.target] = (indegree[link.target] ?? 0) + 1;
  const queue: number[] = [];
  for (let at = 0; at < ctx.nodes.length; at += 1) if (indegree[at] === 0 && isFirstOfId(ctx, at)) queue.push(at);
  for (let head = 0; head < queue.length; head += 1) {
    for (const link of linksFrom(ctx, queue[head] ?? -1)) {
      const left = (indegree[link.target] ?? 0) - 1;
      indegree[link.target] = left;
      if (left === 0) queue.push(link.target);
    }
  }
  return queue.length === ctx.indexOf.size;
}

/** Tarjan's components, as lists of node positions. */
function stronglyConnected(ctx: ValidationContext): number[][] {
  const UNSEEN = -1;
  const index = new Int32Array(ctx.nodes.length).fill(UNSEEN);
  const low = new Int32Array(ctx.nodes.length);
  const onStack = new Uint8Array(ctx.nodes.length);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const visit = (at: number) => {
    index[at] = counter;
    low[at] = counter++;
    stack.push(at);
    onStack[at] = 1;
  };
  for (let root = 0; root < ctx.nodes.length; root += 1) {
    if (index[root] !== UNSEEN || !isFirstOfId(ctx, root)) continue;
    const work: Array<{ at: number; next: number }> = [{ at: root, next: 0 }];
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const link = linksFrom(ctx, frame.at)[frame.next++];
      if (link !== undefined) {
        const target = link.target;
        if (index[target] === UNSEEN) {
          visit(target);
          work.push({ at: target, next: 0 });
        } else if (onStack[target] === 1) {
          low[frame.at] = Math.min(low[frame.at] ?? 0, index[target] ?? 0);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.at] = Math.min(low[parent.at] ?? 0, low[frame.at] ?? 0);
      if (low[frame.at] === index[frame.at]) components.push(popComponent(stack, onStack, frame.at));
    }
  }
  return components;
}

function popComponent(stack: number[], onStack: Uint8Array, root: number): number[] {
  const component: number[] = [];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    onStack[at] = 0;
    component.push(at);
    if (at === root) break;
  }
  return component.reverse();
}

/** Breadth-first inside the component: the shortest way from `start` back to itself. */
function shortestCycle(ctx: ValidationContext, start: number, members: ReadonlySet<number>): LinkEdge[] {
  const via = new Map<number, LinkEdge>();
  const queue: number[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const at = queue[head];
    if (at === undefined) break;
    for (const link of linksFrom(ctx, at)) {
      if (!members.has(link.target)) continue;
      if (link.target === start) return [...pathTo(via, at, start), link];
      if (via.has(link.target)) continue;
      via.set(link.target, link);
      queue.push(link.target);
    }
  }
  return [];
}

function pathTo(via: ReadonlyMap<number, LinkEdge>, at: number, start: number): LinkEdge[] {
  const links: LinkEdge[] = [];
  for (let current = at; current !== start; ) {
    const link = via.get(current);
    if (link === undefined) break;
    links.push(link);
    current = link.source;
  }
  return links.reverse();
}
