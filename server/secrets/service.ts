/**
 * The team's secrets. Values go in and are used by runs on the server; they never come back out of
 * the API: listing returns names and dates only.
 */
import type { z } from 'zod';
import type { PrismaClient } from '@/server/generated/prisma/client';
import { AppError, NotFoundError } from '@/server/errors';
import { audit } from '@/server/audit';
import { secretsKey } from '@/server/auth/local-secrets';
import type { TeamScope } from '@/server/teams/service';
import { decryptSecret, encryptSecret } from './crypto';
import type { setSecretSchema } from './schemas';

export async function listSecrets(db: PrismaClient, team: TeamScope) {
  return db.secret.findMany({
    where: { teamId: team.id },
    orderBy: { name: 'asc' },
    select: { name: true, createdAt: true, updatedAt: true },
  });
}

/** Creates the secret or replaces its value. Returns the name only. */
export async function setSecret(db: PrismaClient, team: TeamScope, actorId: string, input: z.output<typeof setSecretSchema>, key = secretsKey()) {
  const ciphertext = encryptSecret(input.value, { teamId: team.id, name: input.name }, key);
  return db.$transaction(async (tx) => {
    const row = await tx.secret.upsert({
      where: { teamId_name: { teamId: team.id, name: input.name } },
      create: { teamId: team.id, name: input.name, ciphertext },
      update: { ciphertext },
      select: { name: true, createdAt: true, updatedAt: true },
    });
    await audit(tx, { teamId: team.id, actorId, action: 'secret.set', targetType: 'Secret', data: { name: input.name } });
    return row;
  });
}

export async function deleteSecret(db: PrismaClient, team: TeamScope, actorId: string, name: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.secret.deleteMany({ where: { teamId: team.id, name } });
    if (count === 0) throw new NotFoundError('Secret');
    await audit(tx, { teamId: team.id, actorId, action: 'secret.delete', targetType: 'Secret', data: { name } });
  });
  return { name };
}

/** Decrypted values of the named secrets of a team, for a run on this server. */
export async function readSecretValues(db: PrismaClient, teamId: string, names: readonly string[], key = secretsKey()): Promise<Record<string, string>> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return {};
  const rows = await db.secret.findMany({ where: { teamId, name: { in: wanted } }, select: { name: true, ciphertext: true } });
  const missing = wanted.filter((name) => !rows.some((row) => row.name === name));
  if (missing.length > 0) {
    throw new AppError('SECRET_NOT_FOUND', `No secret named ${missing.join(', ')} in this team; add it under Team settings → Secrets`);
  }
  return Object.fromEntries(rows.map((row) => [row.name, decryptSecret(row.ciphertext, { teamId, name: row.name }, key)]));
}
