import { describe, expect, it } from 'vitest';
import { flakyOutcome, flakyQuerySchema, salesFor } from './data';

describe('demo data', () => {
  it('gives the same orders for the same region and different ones for another', () => {
    expect(salesFor('north')).toEqual(salesFor('north'));
    expect(salesFor('north').orders).not.toEqual(salesFor('south').orders);
    expect(salesFor('east').orders).toHaveLength(12);
  });

  it('fails, stalls or answers according to the rates', () => {
    const q = flakyQuerySchema.parse({ failRate: '0.5', slowRate: '0.2', slowMs: '100' });
    expect(flakyOutcome(q, () => 0.1)).toEqual({ kind: 'fail' });
    expect(flakyOutcome(q, () => 0.6)).toEqual({ kind: 'slow', delayMs: 100 });
    expect(flakyOutcome(q, () => 0.95)).toEqual({ kind: 'ok' });
  });
});
