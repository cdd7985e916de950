'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';

export function AcceptInvite({ token }: { token: string }) {
  const trpc = useTRPC();
  const accept = useMutation(
    trpc.teams.acceptInvite.mutationOptions({
      onSuccess: () => {
        // A full page load: the server made the joined team the active one, and everything the client
        // router and query cache hold (prefetched pages included) was rendered for another team.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- the full load is the point (see above)
        window.location.assign('/masteries');
      },
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <FormAlert message={accept.error?.message} />
      <Button onClick={() => accept.mutate({ token })} isBusy={accept.isPending || accept.isSuccess} className="w-full">
        Accept invite
      </Button>
    </div>
  );
}
