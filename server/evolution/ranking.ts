/** How often each strategy's proposals were approved for an error class, per team: derived from decisions. */
import type { PrismaClient } from '@/server/generated/prisma/client';

export async function approvalsByStrategy(db: PrismaClient, teamId: string, errorCode: string): Promise<Map<string, number>> {
  const approved = await db.evolutionAttempt.findMany({
    where: { teamId, errorCode, outcome: 'PROPOSED', proposal: { status: 'APPROVED' } },
    select: { strategy: true },
  });
  const counts = new Map<string, number>();
  for (const { strategy } of approved) counts.set(strategy, (counts.get(strategy) ?? 0) + 1);
  return counts;
}
