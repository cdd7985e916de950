'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { FormAlert } from '@/components/ui/field';

export function LeaveTeam({ teamName }: { teamName: string }) {
  const trpc = useTRPC();
  const [isConfirming, setIsConfirming] = useState(false);
  const leave = useMutation(
    trpc.teams.leave.mutationOptions({
      onSuccess: () => {
        setIsConfirming(false);
        // A full page load: the active team changed, and cached pages were rendered for the old one.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the full load is the point (see above)
        window.location.assign('/masteries');
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
