-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "childRunCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rootRunId" TEXT;
