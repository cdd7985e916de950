import { describe, expect, it } from 'vitest';
import { nodeCatalog } from '@/server/nodes/catalog';
import { configSummary } from './catalog-index';

const llm = nodeCatalog.find((entry) => entry.type === 'llm');

describe('configSummary', () => {
  it('names an llm step’s agent by its name, never by its id', () => {
    const summary = configSummary(llm, { agentId: 'cmagent123' }, new Map([['cmagent123', 'Researcher']]));
    expect(summary).toBe('Agent: Researcher');
  });

  it('says an agent is unknown once the names are loaded, and waits while they load', () => {
    expect(configSummary(llm, { agentId: 'cmgone' }, new Map())).toContain('unknown or archived agent');
    expect(configSummary(llm, { agentId: 'cmgone' })).not.toContain('cmgone');
  });
});
