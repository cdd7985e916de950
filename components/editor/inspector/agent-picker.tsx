import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import type { FieldControlProps } from '@/components/ui/field';
import { Select } from '@/components/ui/select';

interface Props {
  control: FieldControlProps;
  value: unknown;
  isReadOnly: boolean;
  onChange(value: unknown): void;
}

/** The team's agents for an `agentId` field; an id that is no longer listed stays visible as such. */
export function AgentPicker({ control, value, isReadOnly, onChange }: Props) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions());
  const current = typeof value === 'string' ? value : '';
  const options = (agents.data ?? []).map((agent) => ({ value: agent.id, label: `${agent.name} · ${agent.model}` }));
  const isMissing = current !== '' && agents.isSuccess && !options.some((option) => option.value === current);
  return (
    <Select
      {...control}
      controlSize="sm"
      value={current}
      disabled={isReadOnly}
      onChange={(e) => onChange(e.target.value || undefined)}
      options={[
        { value: '', label: agents.isPending ? 'Loading agents…' : 'No agent' },
        ...(isMissing ? [{ value: current, label: `Unknown or archived agent (${current})` }] : []),
        ...options,
      ]}
    />
  );
}
