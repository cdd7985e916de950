/**
 * The folded layout on a thread of its own: tens of milliseconds on a graph of thousands of steps, which
 * on the page's thread would add to the block of moving every card. One graph in, its places out.
 */
import { foldedLayout } from './folded-layout';
import { foldRequestSchema, type FoldAnswer } from './layout-messages';

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const { nodes, edges } = foldRequestSchema.parse(event.data);
  const answer: FoldAnswer = [...foldedLayout(nodes, edges)].map(([id, { x, y }]) => [id, x, y]);
  self.postMessage(answer);
});
