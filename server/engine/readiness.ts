/**
 * Readiness: a step is ready when every incoming edge is decided and at least one was taken;
 * when all are decided and none was taken, it is skipped and its own edges are decided as not taken.
 * Counters per step (edges still undecided, edges taken) make each decision O(out-degree), never a scan.
 */
import type { GraphIndex } from './graph-index';

export interface Released {
  ready: number[];
  skipped: number[];
}

export class Readiness {
  private readonly undecided: Int32Array;
  private readonly taken: Int32Array;

  constructor(private readonly index: GraphIndex) {
    this.undecided = new Int32Array(index.nodes.length);
    this.taken = new Int32Array(index.nodes.length);
    for (const node of index.nodes) this.undecided[node.index] = node.incoming.length;
  }

  /** Steps without incoming edges: ready as soon as the run starts. */
  roots(): number[] {
    return this.index.nodes.filter((node) => node.incoming.length === 0).map((node) => node.index);
  }

  /**
   * A step finished: its edges leaving by one of `handles` are taken, the others (all, when `handles` is
   * null: failed or skipped) are not. Pushes the steps this makes ready or skipped, skips transitively.
   */
  release(node: number, handles: readonly string[] | null, out: Released): void {
    const work: Array<{ node: number; handles: readonly string[] | null }> = [{ node, handles }];
    for (let item = work.pop(); item !== undefined; item = work.pop()) {
      for (const edge of this.index.nodes[item.node]?.outgoing ?? []) {
        const target = edge.target;
        if (item.handles !== null && item.handles.includes(edge.handle)) this.taken[target] = (this.taken[target] ?? 0) + 1;
        const left = (this.undecided[target] ?? 0) - 1;
        this.undecided[target] = left;
        if (left !== 0) continue;
        if ((this.taken[target] ?? 0) > 0) {
          out.ready.push(target);
        } else {
          out.skipped.push(target);
          work.push({ node: target, handles: null });
        }
      }
    }
  }

  /** Recovery: decide the edges of a step that finished before a restart, without propagating. */
  restore(node: number, handles: readonly string[] | null): void {
    for (const edge of this.index.nodes[node]?.outgoing ?? []) {
      if (handles !== null && handles.includes(edge.handle)) this.taken[edge.target] = (this.taken[edge.target] ?? 0) + 1;
      this.undecided[edge.target] = (this.undecided[edge.target] ?? 0) - 1;
    }
  }

  /** After `restore`: 'ready', 'skip', or 'blocked' (some incoming edge is still undecided). */
  stateOf(node: number): 'ready' | 'skip' | 'blocked' {
    if ((this.undecided[node] ?? 0) > 0) return 'blocked';
    return (this.taken[node] ?? 0) > 0 || (this.index.nodes[node]?.incoming.length ?? 0) === 0 ? 'ready' : 'skip';
  }
}
