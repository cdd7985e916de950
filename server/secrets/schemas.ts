import { z } from 'zod';
import { plainText } from '@/server/plain-text';

/** Upper snake case, as written in templates: `{{ $secrets.API_TOKEN }}`. */
export const secretNameSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'Use A–Z, 0–9 and _, starting with a letter, at most 64 characters (e.g. API_TOKEN)');

export const setSecretSchema = z.strictObject({
  name: secretNameSchema,
  value: plainText().min(4, 'A secret value has at least 4 characters').max(16_384, 'A secret is at most 16 KB'),
});

export const secretNameInputSchema = z.strictObject({ name: secretNameSchema });
