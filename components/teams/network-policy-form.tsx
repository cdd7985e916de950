'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { formError } from '@/components/trpc/errors';
import { FormAlert } from '@/components/ui/field';

interface Installation {
  kind: 'none' | 'all' | 'ranges';
  /** The installation's setting in words (server/net/private-network-setting.ts). */
  text: string;
}

/**
 * The owner's switch for HTTP steps reaching private addresses, within what the installation allows
 * (ALLOW_PRIVATE_NETWORK); everyone else sees how it is set. Where the installation allows none, the
 * switch is off and disabled, and says why.
 */
export function NetworkPolicyForm({ allowPrivateNetwork, canChange, installation }: { allowPrivateNetwork: boolean; canChange: boolean; installation: Installation }) {
  const isClosed = installation.kind === 'none';
  const router = useRouter();
  const trpc = useTRPC();
  const [isAllowed, setIsAllowed] = useState(allowPrivateNetwork);
  const save = useMutation(
    trpc.teams.setNetworkPolicy.mutationOptions({
      onSuccess: (team) => {
        setIsAllowed(team.allowPrivateNetwork);
        router.refresh();
      },
      // Nothing changed on the server: show the setting as it still is.
      onError: () => setIsAllowed(allowPrivateNetwork),
    }),
  );

  return (
    <div className="flex flex-col gap-3">
      <FormAlert message={formError(save.error, [])} />
      <label className="flex w-fit items-start gap-2 text-sm text-zinc-800">
        <input
          type="checkbox"
          checked={isAllowed && !isClosed}
          disabled={!canChange || isClosed || save.isPending}
          aria-describedby="network-installation"
          onChange={(event) => {
            setIsAllowed(event.target.checked);
            save.mutate({ allowPrivateNetwork: event.target.checked });
          }}
          className="mt-0.5 size-4 rounded border-zinc-300 accent-accent-600"
        />
        <span>
          HTTP steps may call private and local addresses
          <span className="block text-zinc-600">
            Such as 10.x, 192.168.x, localhost: services inside your network. Cloud metadata addresses stay blocked either way.
            Anyone who can edit a mastery can then reach those services from a run.
          </span>
        </span>
      </label>
      {save.isSuccess && !save.isPending && (
        <p role="status" className="text-sm text-success-700">
          Saved
        </p>
      )}
      <p id="network-installation" className="text-sm text-zinc-600">
        {isClosed ? 'Not available: ' : 'Within what this installation allows: '}
        {installation.text}.
      </p>
      {!canChange && !isClosed && <p className="text-sm text-zinc-600">Only owners can change this.</p>}
    </div>
  );
}
