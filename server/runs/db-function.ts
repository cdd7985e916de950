/** Creates a PL/pgSQL function once per database and process (see projection-sql.ts for why not in a migration). */
import type { PrismaClient } from '@/server/generated/prisma/client';

const created = new WeakMap<PrismaClient, Map<string, Promise<void>>>();

export function ensureDbFunction(db: PrismaClient, name: string, sql: string): Promise<void> {
  let byName = created.get(db);
  if (byName === undefined) {
    byName = new Map();
    created.set(db, byName);
  }
  const known = byName.get(name);
  if (known !== undefined) return known;
  const exists = async () => {
    const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_proc WHERE proname = ${name}`;
    return (rows[0]?.n ?? 0) > 0;
  };
  const ready = (async () => {
    if (await exists()) return;
    try {
      await db.$executeRawUnsafe(sql);
    } catch (error) {
      // Another process may have created it at the same moment ("tuple concurrently updated").
      if (!(await exists())) throw error;
    }
  })();
  byName.set(name, ready);
  // A failure is not remembered: the next call tries again.
  ready.catch(() => byName.delete(name));
  return ready;
}
