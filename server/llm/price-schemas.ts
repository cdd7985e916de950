/** tRPC inputs of the model price table (US dollars per million tokens). */
import { z } from 'zod';
import { plainText } from '@/server/plain-text';

const perMTok = (label: string) =>
  z.number().min(0, `${label} must be 0 or more`).max(100_000, `${label} must be at most $100,000 per million tokens`);

export const savePriceSchema = z.strictObject({
  /** The provider's model name; a price for `gpt-4o-mini` also prices its dated snapshots. */
  model: plainText().trim().min(1, 'Enter a model name').max(200, 'A model name has at most 200 characters'),
  inputPerMTok: perMTok('Input price'),
  outputPerMTok: perMTok('Output price'),
});

export const priceModelSchema = z.strictObject({ model: plainText().min(1).max(200) });
