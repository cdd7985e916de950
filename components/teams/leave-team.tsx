'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { FormAlert } from '@/components/ui/field';

export function LeaveTeam({ teamName }: { teamName: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isConfirming, setIsConfirming] = useState(false);
  const leave = useMutation(
    trpc.teams.leave.mutationOptions({
      onSuccess: async () => {
        setIsConfirming(false);
        await queryClient.invalidateQueries();
        router.push('/masteries');
        router.refresh();
      },
    }),
  );

  return (
    <div className="flex flex-col items-start gap-3">
      <p className="text-sm text-zinc-600">You lose access to {teamName} and its masteries. An owner can invite you again.</p>
      <Button variant="danger" onClick={() => { leave.reset(); setIsConfirming(true); }}>
        Leave team
      </Button>
      <Dialog isOpen={isConfirming} title={`Leave ${teamName}?`} onClose={() => setIsConfirming(false)}>
        <p className="text-sm text-zinc-700">You will no longer see this team&apos;s masteries.</p>
        <FormAlert message={leave.error?.message} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setIsConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger" isBusy={leave.isPending} onClick={() => leave.mutate()}>
            Leave {teamName}
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
