/**
 * The process's one Prisma client for the configured database, opened on first use. Kept on globalThis
 * so that hot reload in development does not open the embedded database twice.
 */
import 'server-only';
import { openDb, type DbHandle } from '@/server/db/connect';
import { configuredTarget } from '@/server/db/target';
import type { PrismaClient } from '@/server/generated/prisma/client';

const holder = globalThis as unknown as { __masteryDb?: DbHandle };

export function db(): PrismaClient {
  holder.__masteryDb ??= openDb(configuredTarget());
  return holder.__masteryDb.client;
}
