-- A test input is a run input kept under a name: stored as `json`, like Run.input, so a NUL character or
-- a lone surrogate in it is kept as written (`jsonb` refuses both). Nothing queries inside it.
ALTER TABLE "TestInput" ALTER COLUMN "input" SET DATA TYPE JSON USING "input"::json;
