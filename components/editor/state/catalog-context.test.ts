import { describe, expect, it } from 'vitest';
import { validateGraph } from '@/server/engine/validate';
import { nodeCatalog } from '@/server/nodes/catalog';
import { nodeRegistry } from '@/server/nodes';
import { buildEditorCatalog } from './catalog-context';

describe('the browser registry rebuilt from the catalog', () => {
  it('finds the same problems as the server registry', () => {
    const graph = {
      nodes: [
        { id: 'input', type: 'input', config: {} },
        { id: 'wait', type: 'delay', config: { ms: -5 } },
        { id: 'shape', type: 'transform', config: {} },
        { id: 'pick', type: 'merge', config: { mode: 'zip' } },
        { id: 'check', type: 'condition', config: { predicate: 'true' } },
        { id: 'odd', type: 'nope', config: {} },
      ],
      edges: [
        { id: 'a', source: 'input', target: 'wait' },
        { id: 'b', source: 'wait', target: 'shape' },
        { id: 'c', source: 'shape', target: 'pick' },
        { id: 'd', source: 'pick', target: 'check' },
        { id: 'e', source: 'check', target: 'odd', sourceHandle: 'maybe' },
      ],
    };
    const browser = validateGraph(graph, buildEditorCatalog(nodeCatalog).registry).problems;
    const server = validateGraph(graph, nodeRegistry).problems;
    const key = (p: { code: string; nodeId?: string; edgeId?: string; field?: string }) => `${p.code}:${p.nodeId ?? ''}:${p.edgeId ?? ''}:${p.field ?? ''}`;
    expect(browser.map(key).sort()).toEqual(server.map(key).sort());
    expect(browser.length).toBeGreaterThanOrEqual(5);
  });
});
