/** Model prices (US dollars per million tokens) as a run's team sees them, and what a call cost. */
import type { PrismaClient } from '@/server/generated/prisma/client';
import { NotFoundError } from '@/server/errors';
import { BUILT_IN_PRICES } from './built-in-prices';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** The price of `model` for the team of run `runId`. */
export type PriceLookup = (runId: string, model: string) => Promise<ModelPrice | undefined>;

export function costUsd(price: ModelPrice | undefined, tokensIn: number, tokensOut: number): number {
  // A model without a price (a local Ollama model) costs nothing rather than failing the step.
  if (price === undefined) return 0;
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}

type PricedModel = ModelPrice & { model: string };

/** The team's own prices over the built-in ones: one row per model, the team's winning. */
export function mergePrices<T extends PricedModel, B extends PricedModel>(own: readonly T[], builtIn: readonly B[]): Array<T | B> {
  const byModel = new Map<string, T | B>(builtIn.map((price) => [price.model, price]));
  for (const price of own) byModel.set(price.model, price);
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

/**
 * Providers often answer with a dated snapshot (`gpt-4o-mini-2024-07-18`), so the longest priced model
 * name that prefixes it is used when there is no exact row.
 */
export function priceIn(prices: readonly PricedModel[], model: string): ModelPrice | undefined {
  const exact = prices.find((row) => row.model === model);
  const prefixed = prices.filter((row) => model.startsWith(`${row.model}-`)).sort((a, b) => b.model.length - a.model.length)[0];
  const row = exact ?? prefixed;
  return row === undefined ? undefined : { inputPerMTok: row.inputPerMTok, outputPerMTok: row.outputPerMTok };
}

/**
 * Looks the price up on every call, for the run's own team: the table is small and editable, and a cache
 * would have to be invalidated across processes.
 */
export function prismaPriceLookup(db: PrismaClient): PriceLookup {
  return async (runId, model) => {
    const run = await db.run.findUnique({ where: { id: runId }, select: { teamId: true } });
    if (run === null) throw new NotFoundError('Run');
    const own = await db.modelPrice.findMany({ where: { teamId: run.teamId }, select: { model: true, inputPerMTok: true, outputPerMTok: true } });
    return priceIn(mergePrices(own, BUILT_IN_PRICES), model);
  };
}
