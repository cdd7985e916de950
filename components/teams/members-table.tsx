'use client';

import type { SelectOption } from '@/components/ui/select';
import { MemberRow, type Member } from './member-row';

export interface MembersTableProps {
  members: readonly Member[];
  roles: readonly SelectOption[];
  myUserId: string;
  /** Owners change roles and remove members; everyone else reads. */
  canManage: boolean;
}

export function MembersTable({ members, roles, myUserId, canManage }: MembersTableProps) {
  return (
    <div className="relative -mx-5 overflow-x-auto">
      <table className="min-w-full divide-y divide-zinc-200">
        <thead>
          <tr>
            {['Email', 'Name', 'Role'].map((header) => (
              <th key={header} scope="col" className="px-4 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                {header}
              </th>
            ))}
            {canManage && (
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {members.map((member) => (
            <MemberRow key={member.userId} member={member} roles={roles} isSelf={member.userId === myUserId} canManage={canManage} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
