/**
 * Names of people by user id. Versions, runs and the audit log keep a user's id without a relation
 * (people may leave the team), so their names are read apart, in one query.
 */
import type { Prisma, PrismaClient } from '@/server/generated/prisma/client';

export interface Person {
  id: string;
  name: string | null;
  email: string;
}

export async function peopleById(db: Prisma.TransactionClient | PrismaClient, ids: ReadonlyArray<string | null>): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((user) => [user.id, user]));
}
