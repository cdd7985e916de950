/** Model prices (US dollars per million tokens, the editable ModelPrice table) and what a call cost. */
import type { PrismaClient } from '@/server/generated/prisma/client';

export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

export type PriceLookup = (model: string) => Promise<ModelPrice | undefined>;

export function costUsd(price: ModelPrice | undefined, tokensIn: number, tokensOut: number): number {
  // A model without a price (a local Ollama model) costs nothing rather than failing the step.
  if (price === undefined) return 0;
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}

/**
 * Looks the price up on every call: the table is small and editable, and a cache would have to be
 * invalidated across processes. Providers often answer with a dated snapshot (`gpt-4o-mini-2024-07-18`),
 * so the longest priced model name that prefixes it is used when there is no exact row.
 */
export function prismaPriceLookup(db: PrismaClient): PriceLookup {
  return async (model) => {
    const rows = await db.modelPrice.findMany({ select: { model: true, inputPerMTok: true, outputPerMTok: true } });
    const exact = rows.find((row) => row.model === model);
    const prefixed = rows.filter((row) => model.startsWith(`${row.model}-`)).sort((a, b) => b.model.length - a.model.length)[0];
    const row = exact ?? prefixed;
    return row === undefined ? undefined : { inputPerMTok: row.inputPerMTok, outputPerMTok: row.outputPerMTok };
  };
}
