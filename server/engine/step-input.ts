/**
 * How a step's input is stored: the ids of the upstream steps whose outputs it received, never the
 * outputs themselves (those are stored once, in each upstream step's own row). A step with many
 * upstreams would otherwise copy all their outputs into its row, its attempt row, and so on down a
 * wide graph. The key `$from` cannot be a step id (ids are slugs), so a row written before inputs were
 * stored this way, an object of outputs by step id, is never mistaken for references.
 *
 * Pure and dependency-free: the engine, the evolver and the run view's read of one step
 * (server/runs/run-view.ts) resolve references with it.
 */

export interface StoredInput {
  $from: string[];
}

/** The stored form of an input read from these upstream steps, in edge order. */
export function inputFrom(stepIds: readonly string[]): StoredInput {
  return { $from: [...stepIds] };
}

/** The referenced step ids, or undefined for a value stored whole (a row from before references). */
export function inputReferences(stored: unknown): string[] | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const keys = Object.keys(stored);
  const from = (stored as { $from?: unknown }).$from;
  if (keys.length !== 1 || !Array.isArray(from) || !from.every((id) => typeof id === 'string')) return undefined;
  return from as string[];
}

/**
 * What the step received, for people: the referenced outputs by step id (the shape execute was given).
 * A reference to a step without an output (e.g. cleared since) reads as null. Old rows read as stored.
 */
export function resolveStepInput(stored: unknown, outputOf: (stepId: string) => unknown): unknown {
  const from = inputReferences(stored);
  if (from === undefined) return stored;
  // No prototype: a step may be called `constructor`.
  const resolved: Record<string, unknown> = Object.create(null);
  for (const id of from) resolved[id] = outputOf(id) ?? null;
  return resolved;
}
