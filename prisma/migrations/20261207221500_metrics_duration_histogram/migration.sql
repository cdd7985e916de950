-- The histogram of a group's durations was written out twice in metrics_count_runs, once for runs and
-- once for LLM calls: it is one function now, and metrics_count_runs is replaced by the same statement
-- calling it. Results are unchanged: durations that are NULL (a run not started or not finished, an
-- attempt without a duration) are left out as the FILTER clauses left them out, and a group without
-- any still gets 181 zero counts. The triggers call metrics_count_runs by name, so they stay as they are.
-- (No semicolon inside a statement: the PostgreSQL driver adapter applies a migration one
-- semicolon-separated piece at a time.)

-- Durations in milliseconds as counts per bucket (metrics_bucket), NULLs left out.
CREATE FUNCTION metrics_duration_histogram(durations double precision[]) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  SELECT metrics_histogram(array_agg(metrics_bucket(ms))) FROM unnest(durations) AS ms WHERE ms IS NOT NULL
$$;

-- As in the migration that made it, but for the histograms.
CREATE OR REPLACE FUNCTION metrics_count_runs(ids text[]) RETURNS void LANGUAGE sql AS $$
  WITH counted AS (
    INSERT INTO "MetricsCountedRun" ("runId")
    SELECT r.id FROM "Run" r JOIN unnest(ids) AS given(id) ON given.id = r.id
    WHERE r.purpose = 'PRODUCTION' AND r.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
    ORDER BY r.id
    ON CONFLICT DO NOTHING
    RETURNING "runId"
  ),
  run_days AS (
    INSERT INTO "MetricsRunDay" AS t ("teamId", "masteryId", day, runs, succeeded, failed, "tokensIn", "tokensOut", "costUsd", "durationBuckets")
    SELECT r."teamId", r."masteryId", r."createdAt"::date, count(*),
      count(*) FILTER (WHERE r.status = 'SUCCEEDED'), count(*) FILTER (WHERE r.status = 'FAILED'),
      sum(r."tokensIn"), sum(r."tokensOut"), sum(r."costUsd"),
      metrics_duration_histogram(array_agg(extract(epoch FROM r."finishedAt" - r."startedAt") * 1000))
    FROM "Run" r JOIN counted c ON c."runId" = r.id
    WHERE r."parentRunId" IS NULL
    GROUP BY 1, 2, 3
    ORDER BY 1, 3, 2
    ON CONFLICT ("teamId", day, "masteryId") DO UPDATE SET
      runs = t.runs + EXCLUDED.runs,
      succeeded = t.succeeded + EXCLUDED.succeeded,
      failed = t.failed + EXCLUDED.failed,
      "tokensIn" = t."tokensIn" + EXCLUDED."tokensIn",
      "tokensOut" = t."tokensOut" + EXCLUDED."tokensOut",
      "costUsd" = t."costUsd" + EXCLUDED."costUsd",
      "durationBuckets" = metrics_add(t."durationBuckets", EXCLUDED."durationBuckets")
  )
  INSERT INTO "MetricsCallDay" AS t ("teamId", day, "agentId", model, calls, succeeded, failed, ended, "estimatedCalls",
    "reportedTokens", "estimatedTokens", "costUsd", "durationBuckets")
  SELECT r."teamId", r."createdAt"::date, coalesce(a."agentId", ''), coalesce(a.model, ''), count(*),
    count(*) FILTER (WHERE a.status = 'SUCCEEDED'), count(*) FILTER (WHERE a.status = 'FAILED'),
    count(*) FILTER (WHERE a.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')), count(*) FILTER (WHERE a."isEstimated"),
    coalesce(sum(a."tokensIn" + a."tokensOut") FILTER (WHERE NOT a."isEstimated"), 0),
    coalesce(sum(a."tokensIn" + a."tokensOut") FILTER (WHERE a."isEstimated"), 0),
    sum(a."costUsd"),
    metrics_duration_histogram(array_agg(a."durationMs"))
  FROM "StepRun" a JOIN counted c ON c."runId" = a."runId" JOIN "Run" r ON r.id = a."runId"
  WHERE a."agentId" IS NOT NULL OR a.model IS NOT NULL OR a."isEstimated"
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("teamId", day, "agentId", model) DO UPDATE SET
    calls = t.calls + EXCLUDED.calls,
    succeeded = t.succeeded + EXCLUDED.succeeded,
    failed = t.failed + EXCLUDED.failed,
    ended = t.ended + EXCLUDED.ended,
    "estimatedCalls" = t."estimatedCalls" + EXCLUDED."estimatedCalls",
    "reportedTokens" = t."reportedTokens" + EXCLUDED."reportedTokens",
    "estimatedTokens" = t."estimatedTokens" + EXCLUDED."estimatedTokens",
    "costUsd" = t."costUsd" + EXCLUDED."costUsd",
    "durationBuckets" = metrics_add(t."durationBuckets", EXCLUDED."durationBuckets")
$$;
