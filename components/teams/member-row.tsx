import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Role } from '@/server/generated/prisma/enums';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Select, type SelectOption } from '@/components/ui/select';

export type Member = RouterOutputs['teams']['members'][number];

export interface MemberRowProps {
  member: Member;
  roles: readonly SelectOption[];
  isSelf: boolean;
  canManage: boolean;
}

export function MemberRow({ member, roles, isSelf, canManage }: MemberRowProps) {
  const router = useRouter();
  const trpc = useTRPC();
  const [isConfirming, setIsConfirming] = useState(false);
  const changeRole = useMutation(trpc.teams.changeRole.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({
      onSuccess: () => {
        setIsConfirming(false);
        router.refresh();
      },
    }),
  );
  // The server's sentence says what to do ("Make someone else an owner first"), so it is shown whole.
  const roleError = changeRole.error?.message ?? null;
  const errorId = `role-error-${member.userId}`;
  const shownRole = changeRole.isPending ? changeRole.variables.role : member.role;
  const roleName = roles.find((role) => role.value === member.role)?.label ?? member.role;

  return (
    <tr className="align-top">
      <td className="px-4 py-3 text-sm text-zinc-900">
        {member.email}
        {isSelf && <span className="ml-2 text-xs text-zinc-500">(you)</span>}
      </td>
      <td className="px-4 py-3 text-sm text-zinc-700">{member.name ?? '—'}</td>
      <td className="px-4 py-3">
        {canManage ? (
          <div className="flex flex-col gap-1">
            <label htmlFor={`role-${member.userId}`} className="sr-only">
              Role for {member.email}
            </label>
            <Select
              id={`role-${member.userId}`}
              options={roles}
              value={shownRole}
              disabled={changeRole.isPending}
              aria-invalid={roleError ? true : undefined}
              aria-describedby={roleError ? errorId : undefined}
              onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
              controlSize="sm"
              widthClassName="w-36"
            />
            {roleError && (
              <p id={errorId} role="alert" className="max-w-xs text-sm text-danger-700">
                {roleError}
              </p>
            )}
          </div>
        ) : (
          <Badge tone={member.role === 'OWNER' ? 'accent' : 'neutral'}>{roleName}</Badge>
        )}
      </td>
      {canManage && (
        <td className="px-4 py-3 text-right">
          {!isSelf && (
            <Button size="sm" variant="danger" onClick={() => { remove.reset(); setIsConfirming(true); }}>
              Remove<span className="sr-only"> {member.email}</span>
            </Button>
          )}
          <ConfirmDialog
            isOpen={isConfirming}
            title="Remove member"
            error={remove.error?.message}
            confirmLabel="Remove member"
            isBusy={remove.isPending}
            onConfirm={() => remove.mutate({ userId: member.userId })}
            onClose={() => setIsConfirming(false)}
          >
            Remove {member.email} from the team? They lose access to its masteries at once. You can invite them again later.
          </ConfirmDialog>
        </td>
      )}
    </tr>
  );
}
