/**
 * Over the canvas while a saved version is shown read-only: which one, and the way back to the draft; for
 * editors, making it current. While two versions are compared: both numbers and the colours' legend.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Eye } from 'lucide-react';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { RESTORABLE_STATUSES, viewVersionHref } from '@/components/versions/version-links';
import { DiffLegend } from '../diff/diff-legend';
import type { DiffOverlay } from '../diff/diff-overlay';

export interface VersionView {
  version: { id: string; number: number; status: string; isCurrent: boolean };
  /** When comparing with an older version: what changed since. */
  diff: DiffOverlay | null;
  canMakeCurrent: boolean;
}

export function VersionViewBanner({ masteryId, view }: { masteryId: string; view: VersionView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const makeCurrent = useMutation(trpc.versions.makeCurrent.mutationOptions({ onSuccess: (created) => router.push(`/masteries/${masteryId}?version=${created.id}`) }));
  const { version, diff } = view;
  const canRestore = view.canMakeCurrent && !version.isCurrent && RESTORABLE_STATUSES.has(version.status);
  return (
    <div role="region" aria-label="Version shown" className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-accent-100 bg-accent-50 px-3 py-1.5 text-sm text-zinc-800">
      <Eye aria-hidden="true" className="size-4 text-accent-700" />
      <span className="font-medium">
        {diff === null ? `Viewing v${version.number} (read-only)` : `Comparing v${diff.fromNumber} → v${diff.toNumber} (read-only)`}
        {version.isCurrent && diff === null ? ' · current' : ''}
      </span>
      {diff !== null && <DiffLegend summary={diff.diff.summary} />}
      <span className="flex-1" />
      {diff !== null && (
        <Link href={viewVersionHref(masteryId, version.id)} className="text-accent-700 hover:underline">
          View v{version.number} alone
        </Link>
      )}
      <Link href={`/masteries/${masteryId}`} className="font-medium text-accent-700 hover:underline">
        Back to draft
      </Link>
      {canRestore && diff === null && (
        <Button size="sm" variant="secondary" isBusy={makeCurrent.isPending} onClick={() => makeCurrent.mutate({ versionId: version.id })}>
          Make current
        </Button>
      )}
      {makeCurrent.error && <span role="alert" className="text-danger-700">{makeCurrent.error.message}</span>}
    </div>
  );
}
