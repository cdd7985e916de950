/**
 * A value for a Json column that Prisma writes exactly as given. Prisma copies a Json argument key by
 * key with assignment, so a `__proto__` key in a person's data (a run input, a graph) was set as the
 * copy's prototype and silently lost. A value with `toJSON` is taken as it returns, and `Raw` is the tag
 * Prisma itself gives JSON it must not interpret (an object with a `$type` key); `prototype-keys.test.ts`
 * holds both databases to it.
 */
import type { Prisma } from '@/server/generated/prisma/client';

export function jsonColumn(value: unknown): Prisma.InputJsonValue {
  if (typeof value !== 'object' || value === null) return value as Prisma.InputJsonValue;
  return { toJSON: () => ({ $type: 'Raw', value }) } as unknown as Prisma.InputJsonValue;
}
