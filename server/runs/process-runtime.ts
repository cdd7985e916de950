/** This process's run runtime, over the configured database. One per process (kept across hot reloads). */
import 'server-only';
import { db } from '@/server/db';
import { createNodeServices } from './node-services';
import { createRunRuntime, type RunRuntime } from './runtime';

const holder = globalThis as unknown as { __masteryRuns?: RunRuntime };

export function runRuntime(): RunRuntime {
  holder.__masteryRuns ??= createRunRuntime(db(), {
    services: createNodeServices(db()),
    logger: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message, fields) => console.warn(message, fields ?? ''),
      error: (message, fields) => console.error(message, fields ?? ''),
    },
  });
  return holder.__masteryRuns;
}
