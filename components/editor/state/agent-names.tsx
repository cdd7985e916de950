import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';

const AgentNamesContext = createContext<ReadonlyMap<string, string> | undefined>(undefined);

/** The team's agent names by id, fetched once per editor: cards name an llm step's agent, not its id. */
export function AgentNamesProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions());
  const names = useMemo(() => (agents.data ? new Map(agents.data.map((agent) => [agent.id, agent.name])) : undefined), [agents.data]);
  return <AgentNamesContext.Provider value={names}>{children}</AgentNamesContext.Provider>;
}

/** Undefined while loading. */
export function useAgentNames(): ReadonlyMap<string, string> | undefined {
  return useContext(AgentNamesContext);
}
