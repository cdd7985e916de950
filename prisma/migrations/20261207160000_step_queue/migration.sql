-- CreateTable
CREATE TABLE "StepDispatch" (
    "runId" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "job" JSON NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "workerId" TEXT,
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "outcome" JSON,

    CONSTRAINT "StepDispatch_pkey" PRIMARY KEY ("runId","nodeId","attempt")
);

-- CreateTable
CREATE TABLE "QueueWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "running" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "QueueWorker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StepDispatch_state_createdAt_idx" ON "StepDispatch"("state", "createdAt");
