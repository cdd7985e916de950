'use client';

import { useMemo } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EvidenceTable } from './evidence-table';
import { GraphDiffView } from './graph-diff-view';
import { ProposalDecision } from './proposal-decision';
import { STATUS_TONE } from './version-format';
import { viewVersionHref } from './version-links';

/** A proposal: what changed and why, the evidence beside the diff, and the decision for approvers. */
export function ProposalReview({ proposalId, canApprove, canEdit }: { proposalId: string; canApprove: boolean; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const proposal = useQuery(trpc.evolution.byId.queryOptions({ proposalId }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.evolution.pathKey() });
    router.refresh();
  };
  const repropose = useMutation(trpc.evolution.repropose.mutationOptions({ onSuccess: refresh }));
  const nodeNames = proposal.data?.nodeNames;
  const names = useMemo(() => new Map(Object.entries(nodeNames ?? {})), [nodeNames]);
  if (proposal.isPending) return <p className="text-sm text-zinc-600">Loading the proposal…</p>;
  if (proposal.error) return <p role="alert" className="text-sm text-danger-700">{proposal.error.message}</p>;
  const p = proposal.data;
  const evidence = p.evolution?.evidence ?? null;

  return (
    <section aria-label={`Proposal version ${p.number}`} className="flex flex-col gap-4 rounded-lg border border-accent-100 bg-white p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold text-zinc-900">Proposal: version {p.number}</h2>
        <Badge tone={STATUS_TONE[p.status] ?? 'neutral'}>{p.status.toLowerCase()}</Badge>
        {p.evolution && <span className="text-xs text-zinc-500">{p.evolution.strategy} · after {p.evolution.errorCode}</span>}
      </div>
      <p className="text-sm wrap-anywhere text-zinc-700">{p.note}</p>
      {p.decisionNote && <p className="text-sm text-zinc-600">Decision: {p.decisionNote}</p>}
      {p.isStale && (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded-md bg-warning-50 p-3 text-sm text-warning-700">
          This proposal was made on version {p.comparison?.from.number ?? '?'}, but version {p.currentVersionNumber ?? '?'} is current now.
          {canEdit && (
            <Button size="sm" variant="secondary" isBusy={repropose.isPending} onClick={() => repropose.mutate({ proposalId })}>
              Re-propose on version {p.currentVersionNumber}
            </Button>
          )}
          {repropose.error && <span role="alert">{repropose.error.message}</span>}
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {/* min-w-0: a grid item is otherwise as wide as its longest unbreakable line. */}
        <div className="min-w-0">
          <h3 className="mb-2 text-sm font-semibold text-zinc-900">Evidence</h3>
          {p.evidenceState === 'NOT_REPRODUCED' && (
            <p role="note" className="mb-2 rounded-md bg-warning-50 p-2 text-sm text-warning-700">
              Replayed on version {p.comparison?.from.number ?? '?'}, the failed run&apos;s input passed: the failure did not happen again, so this evidence does not show that the change fixes it.
            </p>
          )}
          {evidence === null ? <p className="text-sm text-zinc-600">Replaying the inputs…</p> : <EvidenceTable evidence={evidence} parentNumber={p.comparison?.from.number ?? null} proposalNumber={p.number} names={names} />}
        </div>
        <div className="min-w-0">
          <div className="mb-2 flex flex-wrap items-baseline gap-3">
            <h3 className="text-sm font-semibold text-zinc-900">Changes from version {p.comparison?.from.number ?? '?'}</h3>
            {p.comparison && (
              <Link href={viewVersionHref(p.mastery.id, p.id, p.comparison.from.id)} className="text-sm font-medium text-accent-700 hover:underline">
                See them on the canvas
              </Link>
            )}
          </div>
          {p.comparison && <GraphDiffView diff={p.comparison.diff} />}
        </div>
      </div>
      {p.status === 'PROPOSED' && canApprove && !p.isStale && evidence !== null && <ProposalDecision proposalId={p.id} number={p.number} onDecided={refresh} />}
    </section>
  );
}
