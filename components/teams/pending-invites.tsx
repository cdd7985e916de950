'use client';

import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { Button } from '@/components/ui/button';
import type { SelectOption } from '@/components/ui/select';
import { RelativeTime } from '@/components/masteries/relative-time';

type Invite = RouterOutputs['teams']['invites'][number];

export function PendingInvites({ invites, roles }: { invites: readonly Invite[]; roles: readonly SelectOption[] }) {
  const router = useRouter();
  const trpc = useTRPC();
  const revoke = useMutation(trpc.teams.revokeInvite.mutationOptions({ onSuccess: () => router.refresh() }));

  if (invites.length === 0) return <p className="text-sm text-zinc-500">No pending invites.</p>;
  return (
    <div className="flex flex-col gap-2">
      {revoke.error && (
        <p role="alert" className="text-sm text-danger-700">
          {revoke.error.message}
        </p>
      )}
      <ul className="divide-y divide-zinc-100">
        {invites.map((invite) => (
          <li key={invite.id} className="flex flex-wrap items-center justify-between gap-3 py-2">
            <div className="min-w-0 text-sm">
              <span className="font-medium text-zinc-900">{invite.email}</span>
              <span className="ml-2 text-zinc-600">{roles.find((role) => role.value === invite.role)?.label ?? invite.role}</span>
              <span className="ml-2 text-zinc-500">
                expires <RelativeTime date={invite.expiresAt} />
              </span>
            </div>
            <Button
              size="sm"
              variant="danger"
              isBusy={revoke.isPending && revoke.variables.inviteId === invite.id}
              onClick={() => revoke.mutate({ inviteId: invite.id })}
            >
              Revoke<span className="sr-only"> invite for {invite.email}</span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
