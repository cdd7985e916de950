-- Daily rollups that the Metrics page reads instead of every run and attempt. A run's figures are added
-- when it ends, by a trigger in the transaction that stores its final status. MetricsCountedRun records
-- that they were, so a run that ends again (a commit repeated after a crash) adds nothing.

-- CreateTable
CREATE TABLE "MetricsRunDay" (
    "teamId" TEXT NOT NULL,
    "masteryId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "tokensIn" BIGINT NOT NULL DEFAULT 0,
    "tokensOut" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "durationBuckets" INTEGER[],

    CONSTRAINT "MetricsRunDay_pkey" PRIMARY KEY ("teamId","day","masteryId")
);

-- CreateTable
CREATE TABLE "MetricsCallDay" (
    "teamId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "agentId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "ended" INTEGER NOT NULL DEFAULT 0,
    "estimatedCalls" INTEGER NOT NULL DEFAULT 0,
    "reportedTokens" BIGINT NOT NULL DEFAULT 0,
    "estimatedTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "durationBuckets" INTEGER[],

    CONSTRAINT "MetricsCallDay_pkey" PRIMARY KEY ("teamId","day","agentId","model")
);

-- CreateTable
CREATE TABLE "MetricsCountedRun" (
    "runId" TEXT NOT NULL,

    CONSTRAINT "MetricsCountedRun_pkey" PRIMARY KEY ("runId")
);

-- AddForeignKey
ALTER TABLE "MetricsRunDay" ADD CONSTRAINT "MetricsRunDay_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricsRunDay" ADD CONSTRAINT "MetricsRunDay_masteryId_fkey" FOREIGN KEY ("masteryId") REFERENCES "Mastery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MetricsCallDay" ADD CONSTRAINT "MetricsCallDay_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The bucket of a duration in milliseconds: 0 below 1 ms, then 20 per decade (each 12% wider than the
-- one before) up to 10^9 ms, longer ones in the last. server/metrics/histogram.ts reads them.
CREATE FUNCTION metrics_bucket(ms double precision) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ms < 1 THEN 0 ELSE least(180, floor(20 * log(ms))::int + 1) END
$$;

-- Bucket numbers as counts per bucket (181 of them).
CREATE FUNCTION metrics_histogram(buckets int[]) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(coalesce(c.n, 0) ORDER BY i)
  FROM generate_series(0, 180) AS i
  LEFT JOIN (SELECT b, count(*)::int AS n FROM unnest(buckets) AS b GROUP BY b) AS c ON c.b = i
$$;

CREATE FUNCTION metrics_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

-- Adds the figures of the given runs that ended and were not counted yet. Evaluation runs (replays of a
-- proposal) are left out. A run counts on the UTC day it was created, as the Runs page lists it, and
-- lasts from its start to its end. The LLM calls of child runs count as well, under their agent.
-- (No semicolon inside a statement here, comments included: the PostgreSQL driver adapter applies a
-- migration one semicolon-separated piece at a time.)
CREATE FUNCTION metrics_count_runs(ids text[]) RETURNS void LANGUAGE sql AS $$
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
      metrics_histogram(array_agg(metrics_bucket(extract(epoch FROM r."finishedAt" - r."startedAt") * 1000))
        FILTER (WHERE r."finishedAt" IS NOT NULL AND r."startedAt" IS NOT NULL))
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
    metrics_histogram(array_agg(metrics_bucket(a."durationMs")) FILTER (WHERE a."durationMs" IS NOT NULL))
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

-- A trigger function must be PL/pgSQL, whose statements end in semicolons: written as \073 in an
-- escaped string. AFTER triggers fire once the whole statement is done, so the attempts that the run's
-- final commit stores in the same statement (server/runs/commit-sql.ts) are seen.
CREATE FUNCTION metrics_run_ended() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM metrics_count_runs(ARRAY[NEW.id])\073 RETURN NULL\073 END';

CREATE TRIGGER "Run_metrics_on_end" AFTER UPDATE OF status ON "Run" FOR EACH ROW
  WHEN (NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND NEW.purpose = 'PRODUCTION')
  EXECUTE FUNCTION metrics_run_ended();

CREATE TRIGGER "Run_metrics_on_insert" AFTER INSERT ON "Run" FOR EACH ROW
  WHEN (NEW.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND NEW.purpose = 'PRODUCTION')
  EXECUTE FUNCTION metrics_run_ended();

-- The runs that ended before this migration.
SELECT metrics_count_runs(ARRAY(SELECT id FROM "Run" WHERE status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND purpose = 'PRODUCTION'));
