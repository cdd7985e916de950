import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from './connect';
import { applyMigrations } from './migrate';
import { dbModes, openTestDb } from '@/test/db';
import { readMigrationList } from '@/scripts/db/schema-engine';

describe('migrations', () => {
  it('apply from an empty embedded database, and a second run applies nothing', async () => {
    const handle = openDb({ kind: 'pglite-instance', pglite: new PGlite() });
    const { migrationDirectories } = await readMigrationList();
    const first = await applyMigrations(handle);
    expect(first).toEqual(migrationDirectories.map((m) => m.path));
    expect(await applyMigrations(handle)).toEqual([]);
    const tables = await handle.client.$queryRaw<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(['User', 'Team', 'Membership', 'Mastery', 'MasteryVersion', 'Run', 'StepRun', 'RunEvent', 'Agent', 'Budget', 'ModelPrice', 'Secret', 'AuditLog']),
    );
    await handle.close();
  }, 60_000);

  for (const mode of dbModes) {
    it(`leave a template database with every migration recorded [${mode}]`, async () => {
      const db = await openTestDb(mode);
      const rows = await db.client.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
      const { migrationDirectories } = await readMigrationList();
      expect(rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((m) => m.path));
      await db.close();
    }, 60_000);
  }
});
