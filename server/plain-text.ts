/**
 * Text a person types (names, notes, reasons, emails, ids) goes into text columns, which cannot hold a
 * NUL character, and through Prisma, whose JSON parser refuses a lone surrogate (half of a UTF-16 pair
 * without its other half). Neither belongs in such text, so both are refused at the API with the field
 * named, before anything reaches the database. JSON data (run inputs, outputs) keeps them instead
 * (server/db/json-column.ts).
 */
import { z } from 'zod';
import { unstorableText } from '@/server/engine/json-values';

/** Why `text` cannot be stored as text, or undefined when it can. */
export function unstorableTextReason(text: string): string | undefined {
  const found = unstorableText(text);
  return found === undefined ? undefined : `must not contain ${found.what}; found at character ${found.index + 1}`;
}

/** A string schema for typed text: refuses NUL characters and lone surrogates. Chain trim, min and max after it. */
export function plainText() {
  return z.string().check((ctx) => {
    const reason = unstorableTextReason(ctx.value);
    if (reason !== undefined) ctx.issues.push({ code: 'custom', message: reason, input: ctx.value });
  });
}
