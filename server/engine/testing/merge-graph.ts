/**
 * A small graph whose merge holds as much as both its branches, and a bound on a run's outputs with
 * room for the branches only: the step that crosses it is the merge.
 */
import { makeGraph } from './make-graph';

export const BRANCH_TEXT = 'x'.repeat(1_000);
/** `start` → a, b (1,002 characters of JSON each) → `join`, a merge of both (2,016) → `after`. */
export const mergeGraph = (policy: Record<string, unknown> = {}) =>
  makeGraph({
    nodes: [
      { id: 'start', type: 'input' },
      { id: 'a', config: { output: BRANCH_TEXT } },
      { id: 'b', config: { output: BRANCH_TEXT } },
      { id: 'join', type: 'merge', policy },
      { id: 'after', config: { output: 'done' } },
    ],
    edges: ['start->a', 'start->b', 'a->join', 'b->join', 'join->after'],
  });

/** Room for the input and both branches (2,006 characters), not for the merge of them too (4,022). */
export const LOWERED = { maxOutputsChars: 3_000 };

