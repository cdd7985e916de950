/** Migrations and the demo seed, run before the web server opens the database. */
import { env } from '@/server/env';
import { describeTarget, openDb } from '@/server/db/connect';
import { configuredTarget } from '@/server/db/target';
import { applyMigrations } from '@/server/db/migrate';
import { DEMO, seedDemo } from '@/prisma/seed/seed';
import { appBaseUrl } from '@/server/app-url';

export { appBaseUrl };

export async function prepareDatabase(log: (line: string) => void = console.log): Promise<void> {
  const target = configuredTarget();
  const started = performance.now();
  log(`Database: ${describeTarget(target)}`);
  const handle = openDb(target);
  try {
    const applied = await applyMigrations(handle);
    log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Migrations: up to date');
    if (env.SEED_DEMO) {
      const { created } = await seedDemo(handle.client, { baseUrl: appBaseUrl() });
      log(created.length ? `Seeded demo data: ${created.join(', ')}` : 'Demo data: present');
      log(`Demo logins: owner ${DEMO.owner.email} / ${DEMO.owner.password} · viewer ${DEMO.viewer.email} / ${DEMO.viewer.password}`);
    }
  } finally {
    await handle.close();
  }
  log(`Database ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
