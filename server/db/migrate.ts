/** Applies committed migrations that the database has not seen yet; a second call applies nothing. */
import type { DbHandle } from './connect';
import { noFilters, openSchemaEngine, readMigrationList } from '@/scripts/db/schema-engine';

/** `upTo`: only migrations up to and including that one (tests of a migration's data, from the state before it). */
export async function applyMigrations(handle: DbHandle, options: { upTo?: string } = {}): Promise<string[]> {
  const engine = await openSchemaEngine(handle.factory);
  try {
    const list = await readMigrationList();
    const { upTo } = options;
    const migrationsList = upTo === undefined ? list : { ...list, migrationDirectories: list.migrationDirectories.filter((m) => m.path <= upTo) };
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}
