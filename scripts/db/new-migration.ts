/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
 * SQL that takes the committed migrations to the current schema (diffed against an in-memory PGlite).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { migrationsDir, noFilters, openSchemaEngine, readMigrationList, schemaPath } from './schema-engine';
import { readFile } from 'node:fs/promises';

async function main(): Promise<void> {
  const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  if (!name) throw new Error('Give the migration a name: npm run db:migration -- add_things');
  const shadow = new PGlite();
  const engine = await openSchemaEngine(new PrismaPGlite(shadow));
  const list = await readMigrationList();
  const schema = await readFile(schemaPath, 'utf8');
  const result = await engine.diff({
    from: list.migrationDirectories.length ? { tag: 'migrations', ...list } : { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  const sql = result.stdout ?? '';
  if (!sql.trim() || /empty migration/i.test(sql)) {
    console.log('The schema matches the migrations: nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
  await shadow.close();
}

await main();
