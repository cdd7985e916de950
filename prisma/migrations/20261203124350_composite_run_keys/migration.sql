-- DropIndex
DROP INDEX "RunEvent_runId_seq_key";

-- DropIndex
DROP INDEX "RunStep_runId_nodeId_key";

-- DropIndex
DROP INDEX "StepRun_runId_nodeId_attempt_key";

-- AlterTable
ALTER TABLE "RunEvent" DROP CONSTRAINT "RunEvent_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "RunEvent_pkey" PRIMARY KEY ("runId", "seq");

-- AlterTable
ALTER TABLE "RunStep" DROP CONSTRAINT "RunStep_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "RunStep_pkey" PRIMARY KEY ("runId", "nodeId");

-- AlterTable
ALTER TABLE "StepRun" DROP CONSTRAINT "StepRun_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "StepRun_pkey" PRIMARY KEY ("runId", "nodeId", "attempt");
