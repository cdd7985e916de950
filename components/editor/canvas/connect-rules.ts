/**
 * Which connections the canvas accepts while a person drags one: never a self-loop, never into or out of
 * a sticky note, never an edge that would close a cycle (a run needs a DAG).
 */
import { nodeRef } from '../state/node-names';
import type { EditorEdge, EditorNode } from '../state/types';

interface Ends {
  source: string | null;
  target: string | null;
}

/** A reason in words, or null when the connection is fine. */
export function connectionProblem(nodes: readonly EditorNode[], edges: readonly EditorEdge[], connection: Ends): string | null {
  const { source, target } = connection;
  if (!source || !target) return 'Connect an output to an input';
  if (source === target) return 'A step cannot feed itself';
  const byId = new Map(nodes.map((node) => [node.id, node]));
  if (byId.get(source)?.type === 'note' || byId.get(target)?.type === 'note') return 'Sticky notes cannot be connected';
  const path = pathBetween(edges, target, source);
  if (path) return `This edge would close a cycle: ${[source, ...path].map((id) => cardName(byId.get(id), id)).join(' → ')}`;
  return null;
}

/** The name on the card, with the id beside it when they differ: `Fetch data (fetch)`. */
function cardName(node: EditorNode | undefined, id: string): string {
  return nodeRef(id, new Map([[id, node?.data.name ?? id]]));
}

/** Node ids from `from` to `to` following edges (both included), or null when `to` is not reachable. */
export function pathBetween(edges: readonly EditorEdge[], from: string, to: string): string[] | null {
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.source);
    if (list) list.push(edge.target);
    else outgoing.set(edge.source, [edge.target]);
  }
  const cameFrom = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const id = queue[head];
    if (id === undefined) break;
    if (id === to) return unwind(cameFrom, from, to);
    for (const next of outgoing.get(id) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, id);
      queue.push(next);
    }
  }
  return null;
}

function unwind(cameFrom: ReadonlyMap<string, string>, from: string, to: string): string[] {
  const path = [to];
  for (let id = to; id !== from; ) {
    const previous = cameFrom.get(id);
    if (previous === undefined) break;
    path.unshift(previous);
    id = previous;
  }
  return path;
}
