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
import type { VersionView } from '@/components/editor/shell/version-view-banner';
import { canvasDiff } from '@/components/editor/diff/diff-graph';
import type { Graph } from '@/server/engine/graph';

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

const one = (value: string | string[] | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);

type Api = Awaited<ReturnType<typeof serverApi>>;

/** `?compare=<older id>` beside `?view=`: the newer graph with the older one's lost steps as ghosts. */
async function comparisonOn(api: Api, fromId: string, toId: string, toGraph: Graph) {
  const [comparison, from] = await Promise.all([orNotFound(() => api.versions.compare({ fromId, toId })), orNotFound(() => api.versions.byId({ id: fromId }))]);
  const fromGraph = graphSchema.safeParse(from.graph);
  if (!fromGraph.success) return null;
  const shown = canvasDiff(fromGraph.data, toGraph, comparison.diff);
  return {
    graph: shown.graph,
    overlay: { nodeKinds: shown.nodeKinds, edgeKinds: shown.edgeKinds, diff: comparison.diff, fromNumber: comparison.from.number, toNumber: comparison.to.number },
  };
}

/**
 * The editor on the mastery's newest unpublished draft, else its current version, or on `?version=<id>`;
 * `?view=<id>` shows a saved version read-only, and `&compare=<id>` compares an older one with it.
 */
export default async function MasteryPage({ params, searchParams }: PageProps) {
  const { id } = await params;
  const query = await searchParams;
  const [viewId, compareId] = [one(query.view), one(query.compare)];
  const chosen = viewId ?? query.version;
  await requireUser(`/masteries/${encodeURIComponent(id)}`);
  const api = await serverApi();
  const mastery = await orNotFound(() => api.masteries.byId({ id }));
  const team = await api.teams.current();
  const versionId = typeof chosen === 'string' ? chosen : (mastery.latestDraft?.id ?? mastery.currentVersion?.id);
  const version = versionId ? await orNotFound(() => api.versions.byId({ id: versionId })) : null;
  if (version && version.masteryId !== mastery.id) notFound();
  const graph = version ? graphSchema.safeParse(version.graph) : null;

  if (version && graph?.success) {
    const canManageVersions = hasRole(team.role, 'EDITOR') && !mastery.archivedAt;
    const compared = viewId !== undefined && compareId !== undefined ? await comparisonOn(api, compareId, version.id, graph.data) : null;
    const view: VersionView | null =
      viewId === undefined
        ? null
        : {
            version: { id: version.id, number: version.number, status: version.status, isCurrent: version.isCurrent },
            diff: compared?.overlay ?? null,
            canMakeCurrent: canManageVersions,
          };
    return (
      // Full screen: the layout drops its page width and padding for this marker, and the page does not scroll.
      <div data-full-screen className="flex min-h-0 flex-1 flex-col">
        <MasteryEditor
          key={`${version.id}:${viewId === undefined ? 'edit' : 'view'}:${compareId ?? ''}`}
          mastery={{ id: mastery.id, name: mastery.name, description: mastery.description }}
          isArchived={mastery.archivedAt !== null}
          version={{ id: version.id, number: version.number, status: version.status }}
          currentNumber={mastery.currentVersion?.number ?? null}
          graph={compared?.graph ?? graph.data}
          canEdit={hasRole(team.role, 'EDITOR') && !mastery.archivedAt}
          canApprove={hasRole(team.role, 'APPROVER')}
          catalog={nodeCatalog}
          view={view}
          canManageVersions={canManageVersions}
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
