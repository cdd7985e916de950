/** The graph a new mastery starts with: its input handed straight to its result. */
export function starterGraph() {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: { x: 0, y: 0 }, config: {} },
      { id: 'result', type: 'output', name: 'Result', position: { x: 320, y: 0 }, config: {} },
    ],
    edges: [{ id: 'input-result', source: 'input', target: 'result' }],
    settings: { maxParallel: 4 },
  };
}
