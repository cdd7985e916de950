import { describe, expect, it } from 'vitest';
import { nodeRegistry } from '@/server/nodes';
import { assertValidGraph } from '@/server/engine/validate';
import { lineGraph } from '../testing/make-graph';
import { makeFailure } from '../testing/make-failure';
import { jsonFormatStrategy } from './json-format';

const notJson = { code: 'LLM_OUTPUT_INVALID', message: 'Node "ask" (llm): the model\'s answer is not valid JSON: Unexpected token; got "Sure!"', retryable: false };

describe('json-format strategy', () => {
  it('asks for structured JSON with a schema of the fields later steps read', async () => {
    const graph = lineGraph([
      { id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'Title and score of {{ input.topic }}', responseFormat: 'json' } },
      { id: 'use', type: 'transform', config: { expression: 'steps.ask.output.title & " " & $string(steps.ask.output.score)' } },
    ]);
    const failure = makeFailure(graph, 'ask', notJson);
    expect(jsonFormatStrategy.appliesTo(failure)).toBe(true);
    const outcome = await jsonFormatStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.nodes.find((n) => n.id === 'ask')?.config).toMatchObject({
      responseFormat: 'json',
      jsonSchema: { type: 'object', properties: { title: {}, score: {} }, required: ['title', 'score'] },
    });
    expect(() => assertValidGraph(outcome.graph, nodeRegistry)).not.toThrow();
  });

  it('raises maxTokens when the JSON was cut short', async () => {
    const graph = lineGraph([{ id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'x', responseFormat: 'json', maxTokens: 300 } }]);
    const failure = makeFailure(graph, 'ask', { ...notJson, message: "the model's answer is not valid JSON (the answer was cut at maxTokens: raise it): Unterminated string" });
    const outcome = await jsonFormatStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    expect(outcome.graph.nodes.find((n) => n.id === 'ask')?.config).toMatchObject({ maxTokens: 600 });
  });

  it('does not apply when the step already asks for JSON with a schema and was not cut short', () => {
    const graph = lineGraph([{ id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'x', responseFormat: 'json', jsonSchema: { type: 'object' } } }]);
    expect(jsonFormatStrategy.appliesTo(makeFailure(graph, 'ask', notJson))).toBe(false);
  });
});
