'use client';

import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';

/** Whether a failed run of this mastery gets a proposed fix (on by default); editors may change it. */
export function EvolverModeSwitch({ masteryId, mode, canEdit }: { masteryId: string; mode: 'OFF' | 'PROPOSE'; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const setMode = useMutation(trpc.evolution.setMode.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="flex items-center gap-3 text-sm text-zinc-700">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={(setMode.isPending ? setMode.variables.mode : mode) === 'PROPOSE'}
          disabled={!canEdit || setMode.isPending}
          onChange={(event) => setMode.mutate({ masteryId, mode: event.target.checked ? 'PROPOSE' : 'OFF' })}
        />
        Propose a fixed version when a run fails
      </label>
      {setMode.error && (
        <span role="alert" className="text-danger-700">
          {setMode.error.message}
        </span>
      )}
    </div>
  );
}
