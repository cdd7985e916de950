/**
 * The live validator on a thread of its own: the engine's `validateGraph` takes a few hundred milliseconds
 * on a graph of a thousand steps, which on the page's thread would stall typing and dragging. It gets
 * the catalog once, then graphs; each answer carries the number of the request it answers.
 */
import { validateGraph } from '@/server/engine/validate';
import type { NodeRegistry } from '@/server/engine/node-type';
import { browserRegistry } from './browser-registry';
import { validationRequestSchema, type ValidationAnswer } from './validation-messages';

let registry: NodeRegistry | null = null;

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  const request = validationRequestSchema.parse(event.data);
  if (request.kind === 'catalog') {
    registry = browserRegistry(request.entries);
    return;
  }
  if (registry === null) throw new Error('The validation worker got a graph before the catalog');
  const answer: ValidationAnswer = { id: request.id, problems: validateGraph(request.graph, registry).problems };
  self.postMessage(answer);
});
