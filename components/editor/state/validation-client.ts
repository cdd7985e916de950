/**
 * The page's side of the validation worker: `validate(graph)` resolves with the graph's problems, worked
 * out on the worker's thread. Where no worker can start (Node in tests, a refused worker), the validator
 * runs on this thread, as it did before there was a worker.
 */
import { validateGraph, type GraphProblem } from '@/server/engine/validate';
import type { GraphInput } from '@/server/engine/graph';
import type { NodeRegistry } from '@/server/engine/node-type';
import type { CatalogEntry } from '@/server/nodes/catalog';
import { validationAnswerSchema, type ValidationRequest } from './validation-messages';

export interface Validator {
  validate(graph: GraphInput): Promise<GraphProblem[]>;
  close(): void;
}

function inThread(registry: NodeRegistry): Validator {
  return { validate: async (graph) => validateGraph(graph, registry).problems, close() {} };
}

export function startValidator(entries: readonly CatalogEntry[], registry: NodeRegistry): Validator {
  if (typeof Worker === 'undefined') return inThread(registry);
  const worker = new Worker(new URL('./validation.worker.ts', import.meta.url));
  const waiting = new Map<number, { graph: GraphInput; resolve: (problems: GraphProblem[]) => void }>();
  let nextId = 0;
  let fallback: Validator | null = null;
  const post = (request: ValidationRequest) => worker.postMessage(request);
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const answer = validationAnswerSchema.parse(event.data);
    waiting.get(answer.id)?.resolve(answer.problems);
    waiting.delete(answer.id);
  });
  worker.addEventListener('error', () => {
    // A worker that fails (refused by a content policy, say) hands what it was asked to this thread,
    // including the graphs it had not answered yet.
    const local = inThread(registry);
    fallback = local;
    worker.terminate();
    for (const { graph, resolve } of waiting.values()) void local.validate(graph).then(resolve);
    waiting.clear();
  });
  post({ kind: 'catalog', entries: [...entries] });
  return {
    validate(graph) {
      if (fallback !== null) return fallback.validate(graph);
      const id = (nextId += 1);
      return new Promise((resolve) => {
        waiting.set(id, { graph, resolve });
        post({ kind: 'graph', id, graph });
      });
    },
    close() {
      waiting.clear();
      worker.terminate();
    },
  };
}
