'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/field';

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accept = useMutation(
    trpc.teams.acceptInvite.mutationOptions({
      onSuccess: async () => {
        // The server made the joined team the active one; everything cached was about another team.
        await queryClient.invalidateQueries();
        router.push('/masteries');
        router.refresh();
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
