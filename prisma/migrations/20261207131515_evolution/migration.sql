-- CreateEnum
CREATE TYPE "EvolverMode" AS ENUM ('OFF', 'PROPOSE');

-- CreateEnum
CREATE TYPE "RunPurpose" AS ENUM ('PRODUCTION', 'EVALUATION');

-- AlterTable
ALTER TABLE "Mastery" ADD COLUMN     "evolverMode" "EvolverMode" NOT NULL DEFAULT 'PROPOSE';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "purpose" "RunPurpose" NOT NULL DEFAULT 'PRODUCTION';

-- CreateTable
CREATE TABLE "TestInput" (
    "id" TEXT NOT NULL,
    "masteryId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "check" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestInput_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvolutionAttempt" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "masteryId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "errorCode" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "instruction" TEXT,
    "tokensIn" INTEGER NOT NULL DEFAULT 0,
    "tokensOut" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "proposalId" TEXT,
    "evidence" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EvolutionAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TestInput_masteryId_name_key" ON "TestInput"("masteryId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "EvolutionAttempt_proposalId_key" ON "EvolutionAttempt"("proposalId");

-- CreateIndex
CREATE INDEX "EvolutionAttempt_teamId_errorCode_idx" ON "EvolutionAttempt"("teamId", "errorCode");

-- CreateIndex
CREATE INDEX "EvolutionAttempt_runId_idx" ON "EvolutionAttempt"("runId");

-- AddForeignKey
ALTER TABLE "TestInput" ADD CONSTRAINT "TestInput_masteryId_fkey" FOREIGN KEY ("masteryId") REFERENCES "Mastery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvolutionAttempt" ADD CONSTRAINT "EvolutionAttempt_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "MasteryVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
