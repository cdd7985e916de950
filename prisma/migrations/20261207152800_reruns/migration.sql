-- CreateEnum
CREATE TYPE "RerunMode" AS ENUM ('SAME_INPUT', 'FROM_FAILED_STEP');

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "rerunMode" "RerunMode",
ADD COLUMN     "rerunOfId" TEXT;

-- AlterTable
ALTER TABLE "RunStep" ADD COLUMN     "isReused" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Run_rerunOfId_idx" ON "Run"("rerunOfId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_rerunOfId_fkey" FOREIGN KEY ("rerunOfId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;
