/**
 * Deliberately broken masteries for the evolver: each one fails in a known way on its input, and a good
 * proposal makes the same input pass. `replies` script the local OpenAI-compatible test server in order:
 * first what the failing run's `llm` steps get, then the evolver's own call (model strategy), if any.
 */
import type { GraphInput } from '@/server/engine/graph';
import type { MockReply } from '@/test/openai-mock/server';
import { lineGraph, parallelGraph } from './make-graph';

export interface BrokenMastery {
  name: string;
  /** What is wrong, in a few words. */
  fault: string;
  graph(urls: { http: string }): GraphInput;
  input: Record<string, unknown>;
  /** A test input with a check, replayed as evidence too. */
  testInput?: { name: string; input: Record<string, unknown>; check: string };
  replies?: MockReply[];
  /** The strategy expected to fix it. */
  expected: string;
}

const llmStep = (config: Record<string, unknown>) => ({ id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'Summarise {{ input.topic }}', ...config } });

/** The evolver's patch answer for the model strategy, as the test server streams it. */
const patchReply = (edits: Array<{ nodeId: string; field: string; value: string }>, reason: string): MockReply => ({ kind: 'json', value: { reason, edits } });

export const BROKEN_MASTERIES: readonly BrokenMastery[] = [
  {
    name: 'Slow import',
    fault: 'an endpoint that needs 500 ms behind a 400 ms timeout',
    graph: ({ http }) => lineGraph([{ id: 'import', type: 'http', config: { url: `${http}/slow?ms=500` }, policy: { timeoutMs: 400 } }]),
    input: {},
    expected: 'timeout',
  },
  {
    name: 'Slow report',
    fault: 'a 1.2 s endpoint behind a 900 ms timeout, checked by a test input',
    graph: ({ http }) => lineGraph([{ id: 'report', type: 'http', config: { url: `${http}/slow?ms=1200` }, policy: { timeoutMs: 900 } }]),
    input: {},
    testInput: { name: 'three rows', input: {}, check: '$count($output.rows) = 3' },
    expected: 'timeout',
  },
  {
    name: 'Flaky 503',
    fault: 'an endpoint that answers 503 twice, then 200, with no retries',
    graph: ({ http }) => lineGraph([{ id: 'fetch', type: 'http', config: { url: `${http}/cycle/flaky503?fail=2&status=503` } }]),
    input: {},
    expected: 'retry-backoff',
  },
  {
    name: 'Flaky network',
    fault: 'an endpoint that drops the connection twice, then answers',
    graph: ({ http }) => lineGraph([{ id: 'fetch', type: 'http', config: { url: `${http}/cycle/drops?fail=2&mode=drop` } }]),
    input: {},
    expected: 'retry-backoff',
  },
  {
    name: 'Rate limited (429)',
    fault: 'a 429 once in a while, with a single attempt',
    graph: ({ http }) => lineGraph([{ id: 'fetch', type: 'http', config: { url: `${http}/cycle/limit429?fail=1&status=429` } }]),
    input: {},
    expected: 'retry-backoff',
  },
  {
    name: 'Too many at once',
    fault: 'two steps at once against an endpoint that allows one caller, retries already used up',
    graph: ({ http }) =>
      parallelGraph(
        ['a', 'b'].map((id) => ({
          id: `call_${id}`,
          type: 'http',
          config: { url: `${http}/limited?ms=1500` },
          policy: { retry: { maxAttempts: 10, initialDelayMs: 0, multiplier: 1, maxDelayMs: 0, jitter: 0 } },
        })),
        { maxParallel: 2 },
      ),
    input: {},
    expected: 'rate-limit',
  },
  {
    name: 'Prose instead of JSON',
    fault: 'the model answers prose where JSON is expected',
    graph: () => lineGraph([llmStep({ responseFormat: 'json' }), { id: 'title', type: 'transform', config: { expression: 'steps.ask.output.title' } }]),
    input: { topic: 'heat pumps' },
    replies: [{ kind: 'text', text: 'Sure! Heat pumps are great.' }],
    expected: 'json-format',
  },
  {
    name: 'JSON cut short',
    fault: 'the model’s JSON is cut at maxTokens',
    graph: () => lineGraph([llmStep({ responseFormat: 'json', maxTokens: 5 })]),
    input: { topic: 'tides' },
    replies: [{ kind: 'text', text: '{"title": "Tid', finishReason: 'length' }],
    expected: 'json-format',
  },
  {
    name: 'Null quantity',
    fault: 'an API that returns qty: null, multiplied by the price',
    graph: ({ http }) =>
      lineGraph([
        { id: 'fetch', type: 'http', config: { url: `${http}/record/a1` } },
        { id: 'total', type: 'transform', config: { expression: 'steps.fetch.output.qty * steps.fetch.output.price' } },
      ]),
    input: {},
    expected: 'guard-expression',
  },
  {
    name: 'Missing input field',
    fault: 'an input without its region, upper-cased',
    graph: () =>
      lineGraph([{ id: 'label', type: 'transform', config: { expression: '$uppercase(input.region) & "-report"' } }], {
        inputSchema: { type: 'object', properties: { region: { type: ['string', 'null'], default: 'north' } } },
      }),
    input: { region: null },
    expected: 'guard-expression',
  },
  {
    name: 'Wrong branch condition',
    fault: 'the condition reads input.total where the order keeps it under input.order.total',
    graph: () => ({
      nodes: [
        { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
        { id: 'route', type: 'condition', name: 'Big order?', position: { x: 250, y: 0 }, config: { predicate: 'input.total > 100' } },
        { id: 'big', type: 'transform', name: 'Big', position: { x: 500, y: -100 }, config: { expression: '"review"' } },
        { id: 'small', type: 'transform', name: 'Small', position: { x: 500, y: 100 }, config: { expression: '$error("orders over 100 must not take the small path")' } },
      ],
      edges: [
        { id: 'e1', source: 'input', target: 'route' },
        { id: 'e2', source: 'route', target: 'big', sourceHandle: 'true' },
        { id: 'e3', source: 'route', target: 'small', sourceHandle: 'false' },
      ],
      settings: { maxParallel: 4 },
    }),
    input: { order: { total: 250 } },
    replies: [patchReply([{ nodeId: 'route', field: 'predicate', value: 'input.order.total > 100' }], 'The total is under input.order, so the condition never saw it.')],
    expected: 'llm-patch',
  },
  {
    name: 'Wrong expression',
    fault: 'a decimal comma that $number cannot read',
    graph: () => lineGraph([{ id: 'amount', type: 'transform', config: { expression: '$number(input.total)' } }]),
    input: { total: '12,50' },
    replies: [patchReply([{ nodeId: 'amount', field: 'expression', value: '$number($replace(input.total, ",", "."))' }], 'The input writes decimals with a comma.')],
    expected: 'llm-patch',
  },
  {
    name: 'Malformed model patch',
    fault: 'a wrong expression, and a model that answers a patch naming a step that does not exist',
    graph: () => lineGraph([{ id: 'amount', type: 'transform', config: { expression: '$number(input.total)' } }]),
    input: { total: 'twelve' },
    replies: [patchReply([{ nodeId: 'nowhere', field: 'expression', value: '12' }], 'A guess.')],
    expected: 'none (refused)',
  },
];
