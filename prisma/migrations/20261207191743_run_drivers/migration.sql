-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "driverId" TEXT,
ADD COLUMN     "driverLeaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Run_driverId_idx" ON "Run"("driverId");
