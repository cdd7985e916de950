import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations run through scripts/db/migrate.ts (WebAssembly schema
// engine), and the app connects through server/db.ts, so no URL is needed here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
