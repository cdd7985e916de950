/**
 * People know nodes by the name on the card; the engine's messages name them by id (`Node "fetch"
 * (http)`, `step "fetch"`, a cycle's `a → b → a`). These helpers put the card name first, id beside it,
 * where the editor and the run view show such a message.
 */

/** `"Fetch rows" (fetch)`; just `"fetch"` when the card has no other name. */
export function nodeRef(id: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(id)?.trim();
  return name && name !== id ? `"${name}" (${id})` : `"${id}"`;
}

const NODE_LABEL = /\bNode "([^"]+)"(?: \([\w-]+\))?/g;
const QUOTED = /"([^"\s]+)"/g;
const CYCLE = /^Cycle: ([^.]+)\./;

/** The message with every node id it quotes (or a cycle's path) given as the card name with the id beside it. */
export function withNodeNames(message: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return message;
  const cycle = CYCLE.exec(message);
  let text = cycle?.[1]
    ? message.replace(cycle[1], cycle[1].split(' → ').map((id) => (names.has(id) ? nodeRef(id, names) : id)).join(' → '))
    : message;
  text = text.replace(NODE_LABEL, (whole, id: string) => (names.has(id) ? nodeRef(id, names) : whole));
  // Other quoted ids ("no step "x" exists", `Step "x" failed`); a name already put in is left alone.
  return text.replace(QUOTED, (whole, id: string, offset: number) => {
    if (!names.has(id) || text.slice(offset + whole.length, offset + whole.length + 2) === ' (') return whole;
    return nodeRef(id, names);
  });
}

const LEADING_NODE_LABEL = /^Node "[^"]+"(?: \([\w-]+\))?: /;

/** A problem's message where its node is already named beside it: without the leading `Node "id" (type): `. */
export function problemMessage(problem: { message: string; nodeId?: string }, names: ReadonlyMap<string, string>): string {
  const message = problem.nodeId === undefined ? problem.message : problem.message.replace(LEADING_NODE_LABEL, '');
  return withNodeNames(message, names);
}
