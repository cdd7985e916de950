/** `npm run db:setup`: apply pending migrations and seed the demo data, then exit. */
import { prepareDatabase } from './prepare';

try {
  await prepareDatabase();
  // Exit at once: the database is closed, but driver timers would keep the process alive ~10 s.
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
