/** Between the stored graph (server/engine/graph.ts) and React Flow's nodes and edges: pure functions, both ways. */
import { isNote, type Graph, type GraphInput, type GraphSettings } from '@/server/engine/graph';
import type { EditorEdge, EditorNode } from '../state/types';

// Plain string ids: pasted fragments get fresh ids before they are validated again with the whole graph.
type GraphNodeLike = Pick<Graph['nodes'][number], 'type' | 'name' | 'position' | 'config' | 'policy'> & { id: string };
type GraphEdgeLike = Pick<Graph['edges'][number], 'source' | 'target' | 'sourceHandle'> & { id: string };

/** A step card's size (step-node.tsx: h-16 w-56), known before it is measured. */
export const STEP_CARD = { width: 224, height: 64 };

export function toEditorNode(node: GraphNodeLike): EditorNode {
  const isStickyNote = isNote(node);
  return {
    id: node.id,
    type: isStickyNote ? 'note' : 'step',
    // With a size known up front React Flow shows a card at its first paint and fits the view at once,
    // instead of hiding every card until it has measured them all (seconds on a graph of thousands).
    ...(isStickyNote ? {} : { initialWidth: STEP_CARD.width, initialHeight: STEP_CARD.height }),
    position: { x: node.position.x, y: node.position.y },
    ariaLabel: node.name || node.id,
    data: { nodeType: node.type, name: node.name, config: node.config, ...(node.policy ? { policy: node.policy } : {}) },
  };
}

export function toEditorEdge(edge: GraphEdgeLike): EditorEdge {
  return { id: edge.id, source: edge.source, target: edge.target, ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}) };
}

export function toFlow(graph: { nodes: readonly GraphNodeLike[]; edges: readonly GraphEdgeLike[] }): { nodes: EditorNode[]; edges: EditorEdge[] } {
  return { nodes: graph.nodes.map(toEditorNode), edges: graph.edges.map(toEditorEdge) };
}

function toGraphNode(node: EditorNode) {
  const { nodeType, name, config, policy } = node.data;
  return {
    id: node.id,
    type: nodeType,
    name,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    config,
    ...(policy ? { policy } : {}),
  };
}

function toGraphEdge(edge: EditorEdge) {
  return { id: edge.id, source: edge.source, target: edge.target, ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}) };
}

/** What is saved, exported and validated: canvas-only fields (selection, sizes) are left out. */
export function toGraph(nodes: readonly EditorNode[], edges: readonly EditorEdge[], settings: GraphSettings): GraphInput {
  return { nodes: nodes.map(toGraphNode), edges: edges.map(toGraphEdge), settings };
}
