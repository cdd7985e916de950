import { z } from 'zod';
import { emailSchema } from '@/server/auth/users';
import { plainText } from '@/server/plain-text';

export const roleSchema = z.enum(['OWNER', 'EDITOR', 'APPROVER', 'VIEWER']);
export const idSchema = plainText().min(1).max(64);

export const teamNameSchema = plainText().trim().min(2, 'Team name must be at least 2 characters').max(80, 'Team name must be at most 80 characters');

export const createTeamSchema = z.strictObject({ name: teamNameSchema });
export const renameTeamSchema = z.strictObject({ name: teamNameSchema });
export const networkPolicySchema = z.strictObject({ allowPrivateNetwork: z.boolean() });
export const switchTeamSchema = z.strictObject({ teamId: idSchema });
export const changeRoleSchema = z.strictObject({ userId: idSchema, role: roleSchema });
export const removeMemberSchema = z.strictObject({ userId: idSchema });
export const createInviteSchema = z.strictObject({ email: emailSchema, role: roleSchema });
export const inviteIdSchema = z.strictObject({ inviteId: idSchema });
export const inviteTokenSchema = z.strictObject({ token: plainText().min(20).max(200) });
