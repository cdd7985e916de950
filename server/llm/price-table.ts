/**
 * The model price table as owners edit it. Prices are shared by every team of the installation (a
 * provider's price does not depend on who calls it); each change is audit-logged under the owner's team.
 * Calls are priced when they end (prices.ts), so a change applies to calls from then on.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { audit } from '@/server/audit';
import { NotFoundError } from '@/server/errors';
import type { TeamScope } from '@/server/teams/service';
import type { savePriceSchema } from './price-schemas';

const priceSelect = { model: true, inputPerMTok: true, outputPerMTok: true, updatedAt: true } as const;

export function listPrices(db: PrismaClient) {
  return db.modelPrice.findMany({ select: priceSelect, orderBy: { model: 'asc' } });
}

export async function savePrice(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof savePriceSchema>) {
  const { model, inputPerMTok, outputPerMTok } = input;
  return db.$transaction(async (tx) => {
    const before = await tx.modelPrice.findUnique({ where: { model }, select: { inputPerMTok: true, outputPerMTok: true } });
    const saved = await tx.modelPrice.upsert({ where: { model }, update: { inputPerMTok, outputPerMTok }, create: { model, inputPerMTok, outputPerMTok }, select: priceSelect });
    await audit(tx, {
      teamId: team.id,
      actorId,
      action: before === null ? 'price.create' : 'price.update',
      targetType: 'ModelPrice',
      targetId: model,
      data: { inputPerMTok, outputPerMTok, ...(before === null ? {} : { before }) },
    });
    return saved;
  });
}

export async function removePrice(db: PrismaClient, team: TeamScope, actorId: string, model: string) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.modelPrice.deleteMany({ where: { model } });
    if (count === 0) throw new NotFoundError('Model price');
    await audit(tx, { teamId: team.id, actorId, action: 'price.remove', targetType: 'ModelPrice', targetId: model });
    return { model };
  });
}
