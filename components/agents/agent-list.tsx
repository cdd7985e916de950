'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { RouterOutputs } from '@/components/trpc/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FormAlert } from '@/components/ui/field';
import { AgentFormDialog } from './agent-form-dialog';

export type Agent = RouterOutputs['agents']['list'][number];

/** The agents, newest state; editing opens the form, archiving asks first, archived ones can be restored. */
export function AgentList({ agents, canEdit, isShowingArchived }: { agents: readonly Agent[]; canEdit: boolean; isShowingArchived: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState<Agent | 'new' | null>(null);
  const [showArchived, setShowArchived] = useState(isShowingArchived);
  const [, startTransition] = useTransition();
  const archive = useMutation(trpc.agents.archive.mutationOptions({ onSuccess: () => router.refresh() }));
  const restore = useMutation(trpc.agents.restore.mutationOptions({ onSuccess: () => router.refresh() }));
  const onArchive = (agent: Agent) => {
    if (window.confirm(`Archive the agent "${agent.name}"? Steps that use it will fail until they choose another.`)) archive.mutate({ id: agent.id });
  };
  const toggleArchived = (checked: boolean) => {
    setShowArchived(checked);
    startTransition(() => router.replace(checked ? '/agents?archived=1' : '/agents', { scroll: false }));
  };
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-4">
        {canEdit && <Button onClick={() => setEditing('new')}>New agent</Button>}
        <label className="flex w-fit items-center gap-2 text-sm text-zinc-700">
          <input type="checkbox" checked={showArchived} onChange={(event) => toggleArchived(event.target.checked)} className="size-4 rounded border-zinc-300 accent-accent-600" />
          Show archived
        </label>
      </div>
      <FormAlert message={archive.error?.message ?? restore.error?.message} />
      {agents.length === 0 ? (
        <EmptyState title="No agents yet" description={canEdit ? 'Create one to use it in LLM steps.' : 'An editor of this team can create them.'} />
      ) : (
        <ul aria-label="Agents" className="flex flex-col divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
          {agents.map((agent) => (
            <li key={agent.id} aria-label={agent.name} className="flex flex-wrap items-start gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-medium text-zinc-900">{agent.name}</p>
                <p className="text-sm text-zinc-600">{agent.specialty || 'No specialty given'}</p>
                <p className="mt-1 flex flex-wrap gap-1 text-xs text-zinc-500">
                  <Badge>{agent.model}</Badge>
                  <Badge>temperature {agent.temperature}</Badge>
                  {agent.topP !== null && <Badge>top p {agent.topP}</Badge>}
                  {agent.maxTokens !== null && <Badge>max {agent.maxTokens} tokens</Badge>}
                  {agent.archivedAt !== null && <Badge tone="warning">Archived</Badge>}
                  {agent.capabilities.map((capability) => <Badge key={capability} tone="accent">{capability}</Badge>)}
                </p>
              </div>
              {canEdit && agent.archivedAt !== null ? (
                <Button size="sm" variant="secondary" aria-label={`Restore ${agent.name}`} isBusy={restore.isPending && restore.variables.id === agent.id} onClick={() => restore.mutate({ id: agent.id })}>Restore</Button>
              ) : canEdit ? (
                <div className="flex gap-2">
                  <Button size="sm" variant="secondary" aria-label={`Edit ${agent.name}`} onClick={() => setEditing(agent)}>Edit</Button>
                  <Button size="sm" variant="ghost" aria-label={`Archive ${agent.name}`} isBusy={archive.isPending && archive.variables.id === agent.id} onClick={() => onArchive(agent)}>Archive</Button>
                </div>
              ) : (
                <Button size="sm" variant="ghost" aria-label={`View ${agent.name}`} onClick={() => setEditing(agent)}>View</Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editing !== null && (
        <AgentFormDialog
          key={editing === 'new' ? 'new' : editing.id}
          agent={editing === 'new' ? null : editing}
          isReadOnly={!canEdit}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
