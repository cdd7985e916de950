/** Applies committed migrations that the database has not seen yet; a second call applies nothing. */
import type { DbHandle } from './connect';
import { noFilters, openSchemaEngine, readMigrationList } from '@/scripts/db/schema-engine';

export async function applyMigrations(handle: DbHandle): Promise<string[]> {
  const engine = await openSchemaEngine(handle.factory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}
