/**
 * The database's duration histogram (`metrics_duration_histogram`, which metrics_count_runs calls) gives
 * what the two blocks it replaced gave, `metrics_histogram(array_agg(metrics_bucket(ms)) FILTER (WHERE ms
 * IS NOT NULL))`: on durations with NULLs among them, on NULLs only, and on no rows at all.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { BUCKET_COUNT, bucketOf, emptyHistogram } from './histogram';

const CASES: Record<string, Array<number | null>> = {
  mixed: [0, 0.5, 1, 3.2, 12, 12, 999.9, 86_400_000, 5e12, null, 47, null],
  'nulls only': [null, null],
  'no rows': [],
};

describeEachDb('duration histogram in the database', (getDb) => {
  it.each(Object.entries(CASES))('equals the inline block it replaced: %s', async (_name, durations) => {
    const db = getDb().client;
    const rows = await db.$queryRawUnsafe<Array<{ shared: number[]; inline: number[] }>>(
      `SELECT metrics_duration_histogram(array_agg(ms)) AS shared,
          metrics_histogram(array_agg(metrics_bucket(ms)) FILTER (WHERE ms IS NOT NULL)) AS inline
        FROM unnest($1::float8[]) AS ms`,
      durations,
    );
    const [row] = rows;
    expect(row?.shared).toEqual(row?.inline);
    const expected = emptyHistogram();
    for (const ms of durations) if (ms !== null) expected[bucketOf(ms)] = (expected[bucketOf(ms)] ?? 0) + 1;
    expect(row?.shared).toHaveLength(BUCKET_COUNT);
    expect(row?.shared).toEqual(expected);
  });

  it('is what metrics_count_runs uses, for runs and for LLM calls alike', async () => {
    const rows = await getDb().client.$queryRawUnsafe<Array<{ body: string }>>(`SELECT prosrc AS body FROM pg_proc WHERE proname = 'metrics_count_runs'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.body.match(/metrics_duration_histogram\(/g)).toHaveLength(2);
    expect(rows[0]?.body).not.toContain('metrics_bucket');
  });
});
