/**
 * Duration histograms of the metrics rollups: fixed log-spaced buckets, the same as the database's
 * `metrics_bucket` (prisma/migrations/*_metrics_rollups). Bucket 0 holds durations under 1 ms; bucket i
 * holds [10^((i-1)/20), 10^(i/20)) ms, twenty per decade, up to 10^9 ms; the last also holds longer ones.
 * A percentile read from them is the middle of its bucket: within about ±6% of the exact one.
 */

export const BUCKETS_PER_DECADE = 20;
export const BUCKET_COUNT = 181;
/** How far a percentile read from the buckets may be from the exact one, as a fraction. */
export const PERCENTILE_PRECISION = 10 ** (1 / (2 * BUCKETS_PER_DECADE)) - 1;

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(BUCKET_COUNT - 1, Math.floor(BUCKETS_PER_DECADE * Math.log10(ms)) + 1);
}

/** The geometric middle of a bucket, in ms. */
export function bucketMiddle(bucket: number): number {
  return bucket === 0 ? 0 : 10 ** ((bucket - 0.5) / BUCKETS_PER_DECADE);
}

/** Adds `counts` into `into` (bucket by bucket); an array shorter than the other counts as zeros. */
export function addInto(into: number[], counts: readonly number[]): void {
  for (let i = 0; i < counts.length; i++) into[i] = (into[i] ?? 0) + (counts[i] ?? 0);
}

export const emptyHistogram = (): number[] => new Array<number>(BUCKET_COUNT).fill(0);

/**
 * The p-th percentile (0–1) as `percentile_cont` computes it (interpolating between the two values
 * around rank p·(n−1)), each value taken as its bucket's middle; null when there is none.
 */
export function percentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  const below = Math.floor(rank);
  const low = valueAt(counts, below);
  const high = valueAt(counts, Math.ceil(rank));
  return low + (rank - below) * (high - low);
}

/** The middle of the bucket holding the k-th smallest value (0-based). */
function valueAt(counts: readonly number[], k: number): number {
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen > k) return bucketMiddle(i);
  }
  return bucketMiddle(counts.length - 1);
}
