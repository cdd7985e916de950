-- Prices become per team: a row is one team's own price of a model, and the built-in prices live in code
-- (server/llm/built-in-prices.ts). A row of the old shared table that differs from the built-in price
-- was an owner's edit that every team's calls used: each existing team keeps it as its own, so no team's
-- costs change here, and each team can remove it under Metrics → Model prices. Rows equal to a built-in
-- price are dropped: the built-in price gives the same figure.

DROP INDEX "ModelPrice_model_key";

ALTER TABLE "ModelPrice" ADD COLUMN "teamId" TEXT;

INSERT INTO "ModelPrice" ("id", "teamId", "model", "inputPerMTok", "outputPerMTok", "updatedAt")
SELECT gen_random_uuid()::text, t."id", p."model", p."inputPerMTok", p."outputPerMTok", p."updatedAt"
FROM "ModelPrice" p CROSS JOIN "Team" t
WHERE p."teamId" IS NULL
  AND (p."model", p."inputPerMTok", p."outputPerMTok") NOT IN (
    VALUES ('gpt-4o', 2.5::float8, 10::float8), ('gpt-4o-mini', 0.15, 0.6), ('gpt-4.1', 2, 8), ('gpt-4.1-mini', 0.4, 1.6), ('o4-mini', 1.1, 4.4)
  );

DELETE FROM "ModelPrice" WHERE "teamId" IS NULL;

ALTER TABLE "ModelPrice" ALTER COLUMN "teamId" SET NOT NULL;

CREATE UNIQUE INDEX "ModelPrice_teamId_model_key" ON "ModelPrice"("teamId", "model");

ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
