import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '@/server/engine/expressions';
import { lineGraph } from '../testing/make-graph';
import { makeFailure } from '../testing/make-failure';
import { guardExpressionStrategy } from './guard-expression';

const t2001 = { code: 'EXPRESSION_FAILED', message: 'Expression "steps.fetch.output.qty * steps.fetch.output.price" failed: The left side of the "*" operator must evaluate to a number (T2001 at position 24)', retryable: false };

describe('guard-expression strategy', () => {
  it('guards the field that was null with 0 where a number was needed, leaving present fields alone', async () => {
    const graph = lineGraph([
      { id: 'fetch', type: 'http', config: { url: 'https://example.com/r' } },
      { id: 'total', type: 'transform', config: { expression: 'steps.fetch.output.qty * steps.fetch.output.price' } },
    ]);
    const failure = makeFailure(graph, 'total', t2001, { scope: { input: {}, steps: { fetch: { output: { qty: null, price: 3 } } } } });
    const outcome = await guardExpressionStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    const expression = (outcome.graph.nodes.find((n) => n.id === 'total')?.config as { expression: string }).expression;
    expect(expression).toBe('(steps.fetch.output.qty != null ? steps.fetch.output.qty : 0) * steps.fetch.output.price');
    expect(await evaluateExpression(expression, failure.scope)).toBe(0);
    expect(await evaluateExpression(expression, { steps: { fetch: { output: { qty: 2, price: 3 } } } })).toBe(6);
  });

  it("takes the input schema's default for a missing input field", async () => {
    const graph = lineGraph([{ id: 'label', type: 'transform', config: { expression: '$uppercase(input.region) & "-report"' } }], {
      inputSchema: { type: 'object', properties: { region: { type: ['string', 'null'], default: 'north' } } },
    });
    const error = { code: 'EXPRESSION_FAILED', message: 'Expression failed: Argument 1 of function "uppercase" does not match function signature (T0410)', retryable: false };
    const failure = makeFailure(graph, 'label', error, { scope: { input: { region: null }, steps: {} } });
    const outcome = await guardExpressionStrategy.propose(failure, { model: 'm' });
    if (outcome.kind !== 'patch') throw new Error(outcome.reason);
    const expression = (outcome.graph.nodes.find((n) => n.id === 'label')?.config as { expression: string }).expression;
    expect(await evaluateExpression(expression, failure.scope)).toBe('NORTH-report');
  });

  it('refuses when every field the expression reads is present (the expression itself is wrong)', async () => {
    const graph = lineGraph([{ id: 'amount', type: 'transform', config: { expression: '$number(input.total)' } }]);
    const failure = makeFailure(graph, 'amount', { code: 'EXPRESSION_FAILED', message: 'Unable to cast value to a number', retryable: false }, { scope: { input: { total: '12,50' }, steps: {} } });
    const outcome = await guardExpressionStrategy.propose(failure, { model: 'm' });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'every field the expression reads is present in this run' });
  });
});
