import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { serverApi } from '@/server/api/caller';
import { graphSchema } from '@/server/engine/graph';
import { requireUser } from '@/app/_lib/session';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { GraphSummary } from '@/components/masteries/graph-summary';

export const metadata: Metadata = { title: 'Mastery · Mastery Studio' };

async function loadMastery(id: string) {
  const api = await serverApi();
  try {
    return await api.masteries.byId({ id });
  } catch (error) {
    // Another team's mastery answers NOT_FOUND too, so its existence is not revealed.
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  }
}

export default async function MasteryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/masteries/${encodeURIComponent(id)}`);
  const mastery = await loadMastery(id);
  const version = mastery.currentVersion;
  const graph = version ? graphSchema.safeParse(version.graph) : null;

  return (
    <div className="flex flex-col gap-6">
      <Link href="/masteries" className="w-fit text-sm text-accent-700 hover:underline">
        ← All masteries
      </Link>
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{mastery.name}</h1>
          {version && <Badge tone="accent">v{version.number}</Badge>}
          {mastery.archivedAt && <Badge>Archived</Badge>}
        </div>
        <p className="max-w-3xl text-sm text-zinc-600">{mastery.description || 'No description.'}</p>
      </div>
      {!version || !graph ? (
        <EmptyState title="No version yet" description="This mastery has no current version." />
      ) : graph.success ? (
        <GraphSummary graph={graph.data} />
      ) : (
        <EmptyState title="This version's graph could not be read" description={graph.error.issues[0]?.message} />
      )}
    </div>
  );
}
