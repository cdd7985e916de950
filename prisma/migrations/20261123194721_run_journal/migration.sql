-- CreateTable
CREATE TABLE "RunJournal" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunJournal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunJournal_runId_id_idx" ON "RunJournal"("runId", "id");
