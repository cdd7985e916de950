import type { Role } from '@/server/generated/prisma/enums';

/**
 * Roles form a ladder: each includes what the ones below may do.
 * viewer: read · editor: edit and run · approver: also approve proposals · owner: also manage the team.
 */
const RANK = { VIEWER: 0, EDITOR: 1, APPROVER: 2, OWNER: 3 } as const satisfies Record<Role, number>;

export const ROLES = ['OWNER', 'APPROVER', 'EDITOR', 'VIEWER'] as const satisfies readonly Role[];

export function hasRole(actual: Role, minimum: Role): boolean {
  return RANK[actual] >= RANK[minimum];
}

export function roleLabel(role: Role): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}
