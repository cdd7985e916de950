import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';

type Tx = Prisma.TransactionClient | PrismaClient;

/** Who did what to which record; written in the same transaction as the change it records. */
export function audit(
  db: Tx,
  entry: { teamId: string | null; actorId: string; action: string; targetType: string; targetId?: string; data?: Prisma.InputJsonValue },
) {
  return db.auditLog.create({
    data: {
      teamId: entry.teamId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
    },
  });
}
