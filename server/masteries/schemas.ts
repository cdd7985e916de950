import { z } from 'zod';
import { idSchema } from '@/server/teams/schemas';
import { plainText } from '@/server/plain-text';

export const masteryNameSchema = plainText().trim().min(1, 'Enter a name').max(100, 'Name must be at most 100 characters');
export const descriptionSchema = plainText().trim().max(2000, 'Description must be at most 2000 characters');

export const listMasteriesSchema = z.strictObject({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });
export const masteryIdSchema = z.strictObject({ id: idSchema });
export const createMasterySchema = z.strictObject({ name: masteryNameSchema, description: descriptionSchema.default('') });
export const renameMasterySchema = z.strictObject({ id: idSchema, name: masteryNameSchema });
export const updateDescriptionSchema = z.strictObject({ id: idSchema, description: descriptionSchema });
