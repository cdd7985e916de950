/**
 * `map`: evaluates a list expression and runs a sub-mastery per item (a child run each), at most
 * `concurrency` at once; its output is the list of results in item order. `chunk` first cuts a long text
 * or list into overlapping pieces (for an LLM's context window), which then become the items.
 *
 * Item failures: `failFast` cancels the items still running and fails the step naming the first failed
 * item; `collectErrors` runs every item and puts `{ error }` in place of each failed result.
 * Inline sub-graphs are not supported: per item it runs a saved mastery, so each item has its own
 * stored, watchable run (and the depth limit of `mastery` applies).
 */
import { z } from 'zod';
import { AppError, NodeError } from '@/server/errors';
import { defineNodeType, done } from '@/server/engine/node-type';
import type { StepContext } from '@/server/engine/node-type';
import { childMasteryFields, runChild, treeLimitOf, type ChildSpec } from './child-run';
import { chunkCount, chunkItems } from './map-chunks';

const configSchema = z.strictObject({
  items: z
    .string()
    .min(1)
    .meta({ title: 'Items', description: 'A JSONata expression giving the list (or, with chunking, the text) to map over.', examples: ['steps.fetch.output.orders', 'input.document'] }),
  chunk: z
    .strictObject({
      size: z.number().int().min(1).max(1_000_000).meta({ title: 'Chunk size', description: 'Characters of a text, or entries of a list, per chunk.', examples: [2000] }),
      overlap: z.number().int().min(0).default(0).meta({ title: 'Overlap', description: 'How many characters or entries consecutive chunks share.', examples: [200] }),
    })
    .refine((c) => c.overlap < c.size, { message: 'overlap must be smaller than size', path: ['overlap'] })
    .optional()
    .meta({ title: 'Chunking', description: 'Cut a long text or list into pieces first; each piece is one item.' }),
  ...childMasteryFields,
  input: z
    .unknown()
    .default('{{ { "item": $item, "index": $index } }}')
    .meta({
      title: 'Item input',
      description: 'The input object of each item\'s run; `$item` is the item, `$index` its position (from 0).',
      examples: ['{{ { "region": $item } }}', '{{ $item }}'],
    }),
  concurrency: z.number().int().min(1).max(32).default(4).meta({ title: 'Concurrency', description: 'At most this many item runs at once.', examples: [4] }),
  onItemError: z
    .enum(['failFast', 'collectErrors'])
    .default('failFast')
    .meta({ title: 'On item error', description: 'failFast: stop at the first failed item. collectErrors: finish all and return `{ error }` for failed ones.', examples: ['collectErrors'] }),
  maxItems: z.number().int().min(1).max(10_000).default(1000).meta({ title: 'Item limit', description: 'Refuse lists longer than this.', examples: [1000] }),
});

type MapConfig = z.output<typeof configSchema>;

export interface ItemError {
  error: { index: number; code: string; message: string };
}

async function listOf(ctx: StepContext, config: MapConfig): Promise<unknown[]> {
  const value = await ctx.evaluate(config.items);
  // Counted before cutting: a long text in pieces of 1 would otherwise build millions of them first.
  if (config.chunk !== undefined && (typeof value === 'string' || Array.isArray(value))) assertWithinLimit(chunkCount(value.length, config.chunk), config);
  const items = config.chunk === undefined ? value : chunkItems(value, config.chunk);
  if (!Array.isArray(items)) {
    const got = value === undefined ? 'nothing' : typeof value;
    throw new NodeError('NODE_FAILED', `config.items must give a list${config.chunk === undefined ? '' : ' or a text'}; got ${got}`, { retryable: false });
  }
  assertWithinLimit(items.length, config);
  return items;
}

function assertWithinLimit(count: number, config: MapConfig): void {
  if (count > config.maxItems) throw new NodeError('NODE_FAILED', `config.items gave ${count} items, more than the limit of ${config.maxItems}`, { retryable: false });
}

function asItemError(index: number, error: unknown): ItemError {
  const code = error instanceof AppError ? error.code : 'NODE_FAILED';
  return { error: { index, code, message: error instanceof Error ? error.message : String(error) } };
}

export const mapNode = defineNodeType({
  type: 'map',
  title: 'Map',
  category: 'flow',
  description: 'Runs a sub-mastery for every item of a list (or chunk of a text), a few at a time; returns the results in order.',
  icon: 'list-tree',
  configSchema,
  outputs: ['out'],
  expressionFields: ['items'],
  deferredTemplateFields: ['input'],
  async execute(ctx) {
    const config = ctx.config;
    const items = await listOf(ctx, config);
    const results = new Array<unknown>(items.length);
    // One controller for the items: failFast aborts the others; the step's signal (cancel, timeout) aborts all.
    const stop = new AbortController();
    const onAbort = () => stop.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    let next = 0;
    let firstFailure: { index: number; error: unknown } | undefined;
    const runItem = async (index: number): Promise<void> => {
      const input = await ctx.resolveTemplates(config.input, { item: items[index], index });
      const spec: ChildSpec = { parentStep: `${ctx.nodeId}[${index}]`, masteryId: config.masteryId, maxDepth: config.maxDepth, input };
      results[index] = await runChild(ctx, config.versionId === undefined ? spec : { ...spec, versionId: config.versionId }, stop.signal);
    };
    const worker = async (): Promise<void> => {
      while (next < items.length && !stop.signal.aborted) {
        const index = next++;
        try {
          await runItem(index);
        } catch (error) {
          if (stop.signal.aborted) return;
          if (config.onItemError === 'collectErrors') {
            results[index] = asItemError(index, error);
            continue;
          }
          firstFailure = { index, error };
          stop.abort(new AppError('RUN_CANCELLED', `item ${index} failed; the other items were cancelled`));
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(config.concurrency, items.length) }, worker));
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (firstFailure !== undefined) {
      const { index, error } = firstFailure;
      const message = error instanceof Error ? error.message : String(error);
      throw new NodeError(treeLimitOf(error) ?? 'MAP_ITEM_FAILED', `item ${index} of ${items.length} failed: ${message}`, {
        retryable: error instanceof NodeError && error.retryable,
        cause: error,
      });
    }
    return done(results);
  },
});
