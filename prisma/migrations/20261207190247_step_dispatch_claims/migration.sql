-- AlterTable
ALTER TABLE "StepDispatch" DROP COLUMN "job",
DROP COLUMN "sentAt",
ALTER COLUMN "state" SET DEFAULT 'CLAIMED';
