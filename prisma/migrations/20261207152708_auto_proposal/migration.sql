-- CreateTable
CREATE TABLE "AutoProposal" (
    "runId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "AutoProposal_pkey" PRIMARY KEY ("runId")
);

-- AddForeignKey
ALTER TABLE "AutoProposal" ADD CONSTRAINT "AutoProposal_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
