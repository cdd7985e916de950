/**
 * Demo data endpoints the demo masteries call, so they run offline. Deterministic per input, so runs
 * can be compared; the flaky one fails or stalls at a chosen rate, so the evolver has something to fix.
 */
import { z } from 'zod';

const REGIONS = ['north', 'south', 'east', 'west'] as const;
const CUSTOMERS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka'];

export const salesQuerySchema = z.object({ region: z.enum(REGIONS).default('north') });

// A small deterministic generator (mulberry32) so that the same region always gives the same orders.
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function salesFor(region: (typeof REGIONS)[number]) {
  const random = seeded(REGIONS.indexOf(region) + 1);
  const orders = Array.from({ length: 12 }, (_, i) => ({
    id: `${region}-${i + 1}`,
    customer: CUSTOMERS[Math.floor(random() * CUSTOMERS.length)] ?? 'Acme',
    amount: Math.round(random() * 500_00) / 100 + 20,
  }));
  return { region, currency: 'USD', orders };
}

export const flakyQuerySchema = z.object({
  batch: z.coerce.number().int().min(1).max(10_000).default(1),
  failRate: z.coerce.number().min(0).max(1).default(0.5),
  slowRate: z.coerce.number().min(0).max(1).default(0.2),
  slowMs: z.coerce.number().int().min(0).max(30_000).default(4000),
});

export type FlakyOutcome = { kind: 'fail' } | { kind: 'slow'; delayMs: number } | { kind: 'ok' };

export function flakyOutcome(query: z.output<typeof flakyQuerySchema>, random: () => number = Math.random): FlakyOutcome {
  const roll = random();
  if (roll < query.failRate) return { kind: 'fail' };
  if (roll < query.failRate + query.slowRate) return { kind: 'slow', delayMs: query.slowMs };
  return { kind: 'ok' };
}

export function flakyRows(batch: number) {
  return { batch, rows: Array.from({ length: 5 + (batch % 7) }, (_, i) => ({ id: batch * 100 + i, value: (batch * 31 + i * 7) % 97 })) };
}
