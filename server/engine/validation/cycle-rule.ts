/**
 * A run needs a DAG. Each strongly connected component with a loop is reported once, with one cycle
 * through it printed in full (`a → b → c → a`) and the ids of its edges for the editor to highlight.
 * Iterative Tarjan: a 10,000-step chain must not overflow the call stack.
 */
import { edgeLabel, type GraphProblem, type LooseEdge, type ValidationContext } from './problem';

export function cycleProblems(ctx: ValidationContext): GraphProblem[] {
  if (isAcyclic(ctx)) return []; // the common case, checked cheaply before looking for the cycles
  const problems: GraphProblem[] = [];
  for (const component of stronglyConnected(ctx)) {
    const members = new Set(component);
    const start = component[0];
    if (start === undefined) continue;
    const isLoop = component.length > 1 || (ctx.outgoing.get(start) ?? []).some((edge) => edge.target === start);
    if (!isLoop) continue;
    const edges = shortestCycle(ctx, start, members);
    const path = [start, ...edges.map((edge) => edge.target)].join(' → ');
    problems.push({
      severity: 'error',
      code: 'CYCLE',
      message: `Cycle: ${path}. A run needs a graph without cycles; remove one of these edges (${edges.map(edgeLabel).join(', ')})`,
      nodeId: start,
      edgeIds: edges.map((edge) => edge.id),
    });
  }
  return problems;
}

/** Kahn's algorithm: a graph is acyclic exactly when every node can be removed at in-degree zero. */
function isAcyclic(ctx: ValidationContext): boolean {
  const indegree = new Map<string, number>();
  for (const edge of ctx.linkEdges) indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  const queue: string[] = [];
  for (const id of ctx.nodeById.keys()) if (!indegree.has(id)) queue.push(id);
  for (let head = 0; head < queue.length; head += 1) {
    for (const edge of ctx.outgoing.get(queue[head] ?? '') ?? []) {
      const left = (indegree.get(edge.target) ?? 0) - 1;
      indegree.set(edge.target, left);
      if (left === 0) queue.push(edge.target);
    }
  }
  return queue.length === ctx.nodeById.size;
}

function stronglyConnected(ctx: ValidationContext): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ctx.nodeById.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const edges = ctx.outgoing.get(frame.id) ?? [];
      const edge = edges[frame.next++];
      if (edge !== undefined) {
        const target = edge.target;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) components.push(popComponent(stack, onStack, frame.id));
    }
  }
  return components;
}

function popComponent(stack: string[], onStack: Set<string>, rootId: string): string[] {
  const component: string[] = [];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    onStack.delete(id);
    component.push(id);
    if (id === rootId) break;
  }
  return component.reverse();
}

/** Breadth-first inside the component: the shortest way from `start` back to itself. */
function shortestCycle(ctx: ValidationContext, start: string, members: ReadonlySet<string>): LooseEdge[] {
  const via = new Map<string, LooseEdge>();
  const queue: string[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head];
    if (id === undefined) break;
    for (const edge of ctx.outgoing.get(id) ?? []) {
      if (!members.has(edge.target)) continue;
      if (edge.target === start) return [...pathTo(via, id, start), edge];
      if (via.has(edge.target)) continue;
      via.set(edge.target, edge);
      queue.push(edge.target);
    }
  }
  return [];
}

function pathTo(via: ReadonlyMap<string, LooseEdge>, id: string, start: string): LooseEdge[] {
  const edges: LooseEdge[] = [];
  for (let current = id; current !== start; ) {
    const edge = via.get(current);
    if (edge === undefined) break;
    edges.push(edge);
    current = edge.source;
  }
  return edges.reverse();
}
