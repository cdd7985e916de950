-- Commits the journal still held (a crash before they were applied to the tables) keep their events: a
-- run's lastSeq moves past them, so the next commit does not number its events from an old one. Their
-- step rows stay as they were, and recovery runs those steps again as resumed attempts.
UPDATE "Run" r SET "lastSeq" = m.seq
FROM (SELECT "runId", max(seq) AS seq FROM "RunEvent" GROUP BY "runId") AS m
WHERE m."runId" = r.id AND m.seq > r."lastSeq";

-- Run data is json, which keeps the text as written: jsonb refuses a NUL and a lone surrogate.
-- AlterTable
ALTER TABLE "Run" ALTER COLUMN "input" SET DATA TYPE JSON,
ALTER COLUMN "output" SET DATA TYPE JSON,
ALTER COLUMN "error" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "RunEvent" DROP COLUMN "journal",
ALTER COLUMN "payload" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "RunStep" ALTER COLUMN "input" SET DATA TYPE JSON,
ALTER COLUMN "output" SET DATA TYPE JSON,
ALTER COLUMN "error" SET DATA TYPE JSON;

-- AlterTable
ALTER TABLE "StepRun" ALTER COLUMN "input" SET DATA TYPE JSON,
ALTER COLUMN "output" SET DATA TYPE JSON,
ALTER COLUMN "error" SET DATA TYPE JSON;
