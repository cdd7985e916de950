/**
 * A value for a Json column that Prisma writes exactly as given. Prisma copies a Json argument key by
 * key with assignment, so a `__proto__` key in a person's data (a run input, a graph) was set as the
 * copy's prototype and silently lost; and JSON it parses itself cannot hold a lone surrogate. So the
 * value goes as its JSON text, the encoding the run store writes outputs with (commit-rows.ts): a `json`
 * column keeps that text as written, a NUL or a lone surrogate included (a `jsonb` column cannot hold
 * either: what is written there must be refused before). `prototype-keys.test.ts` and
 * `unstorable-text-runs.test.ts` hold both databases to it.
 */
import type { Prisma } from '@/server/generated/prisma/client';

export function jsonColumn(value: unknown): Prisma.InputJsonValue {
  if (value === undefined) return value as unknown as Prisma.InputJsonValue;
  const text = JSON.stringify(value);
  return { toJSON: () => ({ $type: 'Json', value: text }) } as unknown as Prisma.InputJsonValue;
}
