/**
 * The waiting jobs of a sandbox pool, shared fairly between teams. Each team has its own queue, and
 * within a team each run has one: a free slot goes to the waiting team that holds the fewest slots, ties
 * to the team served longest ago, and within that team to its run served longest ago. So a team with a
 * thousand queued jobs delays another team's job only until one slot frees, not until its backlog drains.
 */

/** Whose job it is: the team it counts for, and the run (or other unit of work) within the team. */
export interface JobOwner {
  team: string;
  run: string;
}

/** An owner that may also give up on its job: a waiting job is then dropped, a running one stopped. */
export interface JobRequester extends JobOwner {
  signal?: AbortSignal;
}

/** Jobs that name no requester share one queue. */
export const ANONYMOUS: JobRequester = { team: '', run: '' };

export class FairQueue<T> {
  // Map order is the round-robin order: a team (a run) served moves to the back.
  private readonly teams = new Map<string, Map<string, Set<T>>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Queues an item; returns a function that takes it out again (false when it had already left). */
  push(owner: JobOwner, item: T): () => boolean {
    let runs = this.teams.get(owner.team);
    if (runs === undefined) {
      runs = new Map();
      this.teams.set(owner.team, runs);
    }
    let items = runs.get(owner.run);
    if (items === undefined) {
      items = new Set();
      runs.set(owner.run, items);
    }
    items.add(item);
    this.count += 1;
    return () => this.remove(owner, item);
  }

  /** The next item to run, given how many slots each team holds now; undefined when none waits. */
  shift(slotsHeld: (team: string) => number = () => 0): { owner: JobOwner; item: T } | undefined {
    let chosen: string | undefined;
    let fewest = Infinity;
    for (const team of this.teams.keys()) {
      const held = slotsHeld(team);
      if (held < fewest) {
        chosen = team;
        fewest = held;
      }
    }
    if (chosen === undefined) return undefined;
    const runs = this.teams.get(chosen);
    const first = runs?.entries().next();
    if (runs === undefined || first === undefined || first.done === true) return undefined;
    const [run, items] = first.value;
    const item = items.values().next().value as T;
    this.remove({ team: chosen, run }, item);
    // Both go to the back of their rings (remove dropped them if they emptied).
    if (runs.delete(run)) runs.set(run, items);
    if (this.teams.delete(chosen)) this.teams.set(chosen, runs);
    return { owner: { team: chosen, run }, item };
  }

  private remove(owner: JobOwner, item: T): boolean {
    const runs = this.teams.get(owner.team);
    const items = runs?.get(owner.run);
    if (runs === undefined || items === undefined || !items.delete(item)) return false;
    this.count -= 1;
    if (items.size === 0) runs.delete(owner.run);
    if (runs.size === 0) this.teams.delete(owner.team);
    return true;
  }
}
