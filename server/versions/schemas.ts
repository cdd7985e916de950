import { z } from 'zod';
import { idSchema } from '@/server/teams/schemas';
import { plainText } from '@/server/plain-text';

export const versionNoteSchema = plainText().trim().max(500, 'Note must be at most 500 characters').default('');

export const listVersionsSchema = z.strictObject({ masteryId: idSchema });
export const versionByIdSchema = z.strictObject({ id: idSchema });
export const publishVersionSchema = z.strictObject({ versionId: idSchema });

/** The graph arrives as `unknown`: the engine validator parses it and names every problem. */
export const saveDraftSchema = z.strictObject({
  masteryId: idSchema,
  /** The version the editor opened; saving refuses with CONFLICT when a newer one exists, unless `force`. */
  baseVersionId: idSchema,
  graph: z.unknown(),
  note: versionNoteSchema,
  /** Save on top of the newest version anyway (the "save mine as a new draft on top" choice). */
  force: z.boolean().default(false),
});

/** An imported file becomes a new draft on top of the newest version; nothing is saved when it is bad. */
export const importVersionSchema = z.strictObject({
  masteryId: idSchema,
  graph: z.unknown(),
  note: versionNoteSchema,
});

export const compareVersionsSchema = z.strictObject({ fromId: idSchema, toId: idSchema });
export const makeCurrentSchema = z.strictObject({ versionId: idSchema });
