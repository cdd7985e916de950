import { describe, expect, it } from 'vitest';
import { toFlow } from './graph-convert';
import { edgePaths } from './low-detail-edges';

const outputsOf = (type: string) => (type === 'condition' ? ['true', 'false'] : ['out']);

describe('zoomed-out edges in one element', () => {
  it('draws each edge from its output handle to the target’s left side, one path per look', () => {
    const { nodes, edges } = toFlow({
      nodes: [
        { id: 'check', type: 'condition', name: 'Check', position: { x: 0, y: 0 }, config: {} },
        { id: 'yes', type: 'delay', name: 'Yes', position: { x: 300, y: -50 }, config: {} },
        { id: 'no', type: 'delay', name: 'No', position: { x: 300, y: 90 }, config: {} },
      ],
      edges: [
        { id: 'a', source: 'check', target: 'yes', sourceHandle: 'true' },
        { id: 'b', source: 'check', target: 'no', sourceHandle: 'false' },
        { id: 'dangling', source: 'check', target: 'gone' },
      ],
    });
    const sized = nodes.map((node) => (node.id === 'check' ? { ...node, measured: { width: 200, height: 90 } } : node));
    const flagged = edges.map((edge) => (edge.id === 'b' ? { ...edge, className: 'has-problem' } : edge));
    expect(edgePaths(sized, flagged, outputsOf)).toEqual([
      { className: '', style: undefined, d: 'M200 30L300 -18' },
      { className: 'has-problem', style: undefined, d: 'M200 60L300 122' },
    ]);
  });
});
