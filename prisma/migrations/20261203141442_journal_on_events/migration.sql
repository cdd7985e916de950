-- AlterTable
ALTER TABLE "RunEvent" ADD COLUMN     "journal" JSONB;

-- Commits still waiting in the journal move onto their last event (the sequence number their run patch
-- records), in order. A commit without events (recovery closing an interrupted attempt) is merged into
-- the run's next commit that has events. One with none after it is dropped, and the next recovery closes
-- that attempt again. (No semicolons in comments: the PostgreSQL adapter splits scripts at each one.)
UPDATE "RunEvent" e SET "journal" = m."rows"
FROM (
  SELECT k."runId", (k."rows"->'run'->>'lastSeq')::int AS seq, jsonb_build_object(
      'run', (SELECT COALESCE(jsonb_object_agg(r.key, r.value ORDER BY x.id), '{}'::jsonb)
        FROM "RunJournal" x CROSS JOIN LATERAL jsonb_each(x."rows"->'run') AS r(key, value)
        WHERE x."runId" = k."runId" AND x.id <= k.id AND x.id > k.after),
      'steps', (SELECT COALESCE(jsonb_agg(s.value ORDER BY x.id, s.n), '[]'::jsonb)
        FROM "RunJournal" x CROSS JOIN LATERAL jsonb_array_elements(x."rows"->'steps') WITH ORDINALITY AS s(value, n)
        WHERE x."runId" = k."runId" AND x.id <= k.id AND x.id > k.after),
      'attempts', (SELECT COALESCE(jsonb_agg(a.value ORDER BY x.id, a.n), '[]'::jsonb)
        FROM "RunJournal" x CROSS JOIN LATERAL jsonb_array_elements(x."rows"->'attempts') WITH ORDINALITY AS a(value, n)
        WHERE x."runId" = k."runId" AND x.id <= k.id AND x.id > k.after)
    ) AS "rows"
  FROM (
    SELECT j.*, COALESCE((SELECT max(p.id) FROM "RunJournal" p
        WHERE p."runId" = j."runId" AND p.id < j.id AND p."rows"->'run'->>'lastSeq' IS NOT NULL), 0) AS after
    FROM "RunJournal" j
    WHERE j."rows"->'run'->>'lastSeq' IS NOT NULL
  ) AS k
) AS m
WHERE e."runId" = m."runId" AND e.seq = m.seq;

-- DropTable
DROP TABLE "RunJournal";
