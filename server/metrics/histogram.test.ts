/** Percentiles read from duration buckets against exact ones, and the buckets' edges. */
import { describe, expect, it } from 'vitest';
import { addInto, bucketMiddle, bucketOf, BUCKET_COUNT, emptyHistogram, percentile, PERCENTILE_PRECISION } from './histogram';
import { seeded } from './testing/history';

/** percentile_cont over the values themselves. */
function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? 0;
  return low + (rank - Math.floor(rank)) * (high - low);
}

describe('duration histogram', () => {
  it('reads p50 and p95 within its stated precision of the exact ones', () => {
    const random = seeded(7);
    for (let trial = 0; trial < 20; trial++) {
      const values = Array.from({ length: 2_000 }, () => Math.round(10 ** (1 + random() * 5)));
      // Two halves added together, as the rollups of two days are.
      const counts = emptyHistogram();
      for (const half of [values.slice(0, 1_000), values.slice(1_000)]) {
        const part = emptyHistogram();
        for (const ms of half) part[bucketOf(ms)] = (part[bucketOf(ms)] ?? 0) + 1;
        addInto(counts, part);
      }
      for (const p of [0.5, 0.95]) {
        const read = percentile(counts, p) ?? Number.NaN;
        expect(Math.abs(read / exact(values, p) - 1)).toBeLessThanOrEqual(PERCENTILE_PRECISION * 1.01);
      }
    }
  });

  it('has no percentile without durations, and puts each duration in the bucket whose range holds it', () => {
    expect(percentile(emptyHistogram(), 0.5)).toBeNull();
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.99)).toBe(0);
    expect(bucketOf(1)).toBe(1);
    expect(bucketOf(1e12)).toBe(BUCKET_COUNT - 1);
    for (const ms of [1, 3, 47, 999, 1000, 1001, 86_400_000]) {
      const bucket = bucketOf(ms);
      expect(ms).toBeGreaterThanOrEqual(bucketMiddle(bucket) / (1 + PERCENTILE_PRECISION) - 1e-9);
      expect(ms).toBeLessThan(bucketMiddle(bucket) * (1 + PERCENTILE_PRECISION));
    }
  });
});
