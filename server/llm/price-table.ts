/**
 * A team's model price table as its owners edit it: the built-in prices, and the team's own, which
 * override them for the team's calls only. Each change is audit-logged under the team. Calls are priced
 * when they end (prices.ts), so a change applies to calls from then on.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { audit } from '@/server/audit';
import { AppError, NotFoundError } from '@/server/errors';
import type { TeamScope } from '@/server/teams/service';
import { BUILT_IN_PRICES } from './built-in-prices';
import { mergePrices } from './prices';
import type { savePriceSchema } from './price-schemas';

const priceSelect = { model: true, inputPerMTok: true, outputPerMTok: true, updatedAt: true } as const;

/** Every model the team has a price for; `builtIn` is the price the team's own one replaces, if any. */
export async function listPrices(db: PrismaClient, team: TeamScope) {
  const own = await db.modelPrice.findMany({ where: { teamId: team.id }, select: priceSelect });
  const builtIns = new Map(BUILT_IN_PRICES.map((price) => [price.model, { inputPerMTok: price.inputPerMTok, outputPerMTok: price.outputPerMTok }]));
  const ownRows = own.map((price) => ({ ...price, source: 'team' as const, builtIn: builtIns.get(price.model) ?? null }));
  const builtInRows = BUILT_IN_PRICES.map((price) => ({ ...price, source: 'built-in' as const, updatedAt: null, builtIn: null }));
  return mergePrices(ownRows, builtInRows);
}

export async function savePrice(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof savePriceSchema>) {
  const { model, inputPerMTok, outputPerMTok } = input;
  const key = { teamId_model: { teamId: team.id, model } };
  return db.$transaction(async (tx) => {
    const before = await tx.modelPrice.findUnique({ where: key, select: { inputPerMTok: true, outputPerMTok: true } });
    const saved = await tx.modelPrice.upsert({ where: key, update: { inputPerMTok, outputPerMTok }, create: { teamId: team.id, model, inputPerMTok, outputPerMTok }, select: priceSelect });
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
    const { count } = await tx.modelPrice.deleteMany({ where: { teamId: team.id, model } });
    if (count === 0) {
      if (BUILT_IN_PRICES.some((price) => price.model === model)) {
        throw new AppError('NOT_FOUND', `${model} has only its built-in price, which cannot be removed; save a price of 0 to make it free for this team`);
      }
      throw new NotFoundError('Model price');
    }
    await audit(tx, { teamId: team.id, actorId, action: 'price.remove', targetType: 'ModelPrice', targetId: model });
    return { model };
  });
}
