import { describe, expect, it } from 'vitest';
import { graphSchema } from '@/server/engine/graph';
import { parseFragment, serializeSelection } from '../canvas/clipboard';
import { connectionProblem } from '../canvas/connect-rules';
import { toGraph } from '../canvas/graph-convert';
import { createEditorStore } from './store';

function makeStore() {
  return createEditorStore(
    graphSchema.parse({
      nodes: [
        { id: 'input', type: 'input', config: {} },
        { id: 'shape', type: 'transform', name: 'Shape data', config: { expression: 'input' } },
        { id: 'result', type: 'output', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'input', target: 'shape' },
        { id: 'e2', source: 'shape', target: 'result' },
      ],
    }),
  );
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('editor store', () => {
  it('names a card by its id for assistive technology while its name is cleared', () => {
    const store = makeStore();
    const cardOf = () => store.getState().nodes.find((n) => n.id === 'shape');
    expect(cardOf()?.ariaLabel).toBe('Shape data');
    store.getState().updateNodeData('shape', { name: '' });
    expect(cardOf()?.ariaLabel).toBe('shape');
    store.getState().updateNodeData('shape', { name: 'Shape rows' });
    expect(cardOf()?.ariaLabel).toBe('Shape rows');
  });

  it('undoes and redoes an added node, a rename and a connection, and marks the graph dirty', async () => {
    const store = makeStore();
    const id = store.getState().addNode('delay', { x: 0, y: 0 });
    await flush();
    store.getState().updateNodeData(id, { name: 'Wait' });
    await flush();
    store.getState().onConnect({ source: 'shape', target: id, sourceHandle: 'out', targetHandle: null });
    expect(store.getState().isDirty).toBe(true);
    expect(store.getState().edges.map((e) => e.id)).toContain('e_shape_delay');
    store.getState().undo();
    expect(store.getState().edges).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().nodes.find((n) => n.id === id)?.data.name).toBe('delay');
    store.getState().undo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['input', 'shape', 'result']);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().nodes.find((n) => n.id === id)?.data.name).toBe('Wait');
  });

  it('refuses a connection that would close a cycle, naming its nodes by card name with the id beside', () => {
    const store = makeStore();
    const { nodes, edges } = store.getState();
    expect(connectionProblem(nodes, edges, { source: 'result', target: 'input' })).toBe('This edge would close a cycle: "result" → "input" → "Shape data" (shape) → "result"');
    expect(connectionProblem(nodes, edges, { source: 'shape', target: 'shape' })).toBe('A step cannot feed itself');
    store.getState().onConnect({ source: 'result', target: 'shape', sourceHandle: null, targetHandle: null });
    expect(store.getState().edges).toHaveLength(2);
    expect(store.getState().notice).toContain('cycle');
  });

  it('copies selected nodes with their inner edges and pastes them with fresh ids, one input per mastery', () => {
    const store = makeStore();
    store.getState().selectOnly(['shape', 'result']);
    const steps = serializeSelection(store.getState().nodes, store.getState().edges);
    const fragment = parseFragment(steps ?? '', store.getState().nodes, 40);
    expect(fragment?.nodes.map((n) => n.id)).toEqual(['shape_2', 'result_2']);
    expect(fragment?.edges.map((e) => [e.source, e.target])).toEqual([['shape_2', 'result_2']]);

    store.getState().selectOnly(['input', 'shape']);
    const withInput = serializeSelection(store.getState().nodes, store.getState().edges) ?? '';
    // Where there is an input already, a copied one would be a second: it is left out, with its edges.
    const here = parseFragment(withInput, store.getState().nodes, 40);
    expect(here?.nodes.map((n) => n.id)).toEqual(['shape_2']);
    expect(here?.edges).toEqual([]);
    // Into a mastery without one, it comes along.
    const elsewhere = parseFragment(withInput, [], 40);
    expect(elsewhere?.nodes.map((n) => n.id)).toEqual(['input', 'shape']);
    expect(elsewhere?.edges.map((e) => [e.source, e.target])).toEqual([['input', 'shape']]);
    expect(parseFragment('not json', [], 0)).toBeNull();
  });

  it('asks the canvas to fit the view after an import or an auto-layout, not after an edit or a drag', () => {
    const store = makeStore();
    store.getState().updateNodeData('shape', { name: 'Renamed' });
    store.getState().onNodesChange([{ type: 'position', id: 'shape', position: { x: 40, y: 40 } }]);
    expect(store.getState().viewRevision).toBe(0);
    store.getState().setPositions(new Map([['shape', { x: 300, y: 0 }]]));
    expect(store.getState().viewRevision).toBe(1);
    store.getState().replaceGraph(graphSchema.parse(toGraph(store.getState().nodes, store.getState().edges, store.getState().settings)));
    expect(store.getState().viewRevision).toBe(2);
  });

  it('removes a deleted node with its edges, which React Flow does not hold when zoomed out, as one undo step', () => {
    const store = makeStore();
    store.getState().onNodesChange([{ type: 'remove', id: 'shape' }]);
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['input', 'result']);
    expect(store.getState().edges).toEqual([]);
    store.getState().undo();
    expect(store.getState().edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('round-trips the graph it was created with', () => {
    const store = makeStore();
    const { nodes, edges, settings } = store.getState();
    expect(graphSchema.parse(toGraph(nodes, edges, settings)).edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});

describe('graph settings in the draft', () => {
  it('are changed, undone and redone with the graph, and a cleared field is left out', async () => {
    const store = makeStore();
    store.getState().updateSettings({ maxParallel: 8 }, 'settings:maxParallel');
    await flush();
    store.getState().updateSettings({ resultMapping: { a: 1 } }, 'settings:resultMapping');
    expect(store.getState()).toMatchObject({ isDirty: true, settings: { maxParallel: 8, resultMapping: { a: 1 } } });
    store.getState().undo();
    expect(store.getState().settings).toEqual({ maxParallel: 8 });
    store.getState().redo();
    store.getState().updateSettings({ resultMapping: undefined }, 'other');
    expect('resultMapping' in store.getState().settings).toBe(false);
  });
});
