'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { GraphDiffView } from './graph-diff-view';

export function VersionCompare({ fromId, toId }: { fromId: string; toId: string }) {
  const trpc = useTRPC();
  const comparison = useQuery(trpc.versions.compare.queryOptions({ fromId, toId }));
  if (comparison.isPending) return <p className="text-sm text-zinc-600">Comparing…</p>;
  if (comparison.error) return <p role="alert" className="text-sm text-danger-700">{comparison.error.message}</p>;
  const { from, to, diff } = comparison.data;
  return (
    <section aria-label="Comparison" className="flex flex-col gap-3 rounded-lg border border-zinc-200 bg-white p-4">
      <h2 className="text-lg font-semibold text-zinc-900">
        Version {from.number} → version {to.number}
      </h2>
      <GraphDiffView diff={diff} />
    </section>
  );
}
