import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { serverApi } from '@/server/api/caller';
import { hasRole } from '@/server/auth/roles';
import { graphSchema } from '@/server/engine/graph';
import { nodeCatalog } from '@/server/nodes/catalog';
import { requireUser } from '@/app/_lib/session';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { MasteryEditor } from '@/components/editor/shell/editor';

export const metadata: Metadata = { title: 'Mastery · Mastery Studio' };

async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    // Another team's mastery answers NOT_FOUND too, so its existence is not revealed.
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    throw error;
  }
}

interface PageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The editor on the mastery's newest unpublished draft, else its current version, or on `?version=<id>`. */
export default async function MasteryPage({ params, searchParams }: PageProps) {
  const { id } = await params;
  const { version: chosen } = await searchParams;
  await requireUser(`/masteries/${encodeURIComponent(id)}`);
  const api = await serverApi();
  const mastery = await orNotFound(() => api.masteries.byId({ id }));
  const team = await api.teams.current();
  const versionId = typeof chosen === 'string' ? chosen : (mastery.latestDraft?.id ?? mastery.currentVersion?.id);
  const version = versionId ? await orNotFound(() => api.versions.byId({ id: versionId })) : null;
  if (version && version.masteryId !== mastery.id) notFound();
  const graph = version ? graphSchema.safeParse(version.graph) : null;

  if (version && graph?.success) {
    return (
      // Full screen: the layout drops its page width and padding for this marker, and the page does not scroll.
      <div data-full-screen className="flex min-h-0 flex-1 flex-col">
        <MasteryEditor
          key={version.id}
          mastery={{ id: mastery.id, name: mastery.name, description: mastery.description }}
          isArchived={mastery.archivedAt !== null}
          version={{ id: version.id, number: version.number, status: version.status }}
          currentNumber={mastery.currentVersion?.number ?? null}
          graph={graph.data}
          canEdit={hasRole(team.role, 'EDITOR') && !mastery.archivedAt}
          canApprove={hasRole(team.role, 'APPROVER')}
          catalog={nodeCatalog}
        />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/masteries" className="text-sm text-accent-700 hover:underline">
          ← All masteries
        </Link>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{mastery.name}</h1>
        {mastery.archivedAt && <Badge>Archived</Badge>}
      </div>
      {!version || !graph ? (
        <EmptyState title="No version yet" description="This mastery has no current version." />
      ) : (
        <EmptyState title="This version's graph could not be read" description={graph.error?.issues[0]?.message} />
      )}
    </div>
  );
}
