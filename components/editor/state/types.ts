import type { Edge, Node } from '@xyflow/react';
import type { GraphSettings, StepPolicy } from '@/server/engine/graph';

/** A graph node as the canvas holds it; sticky notes keep their text in `config.text`. */
export interface StepData extends Record<string, unknown> {
  nodeType: string;
  name: string;
  config: unknown;
  policy?: StepPolicy;
}

export type EditorNode = Node<StepData, 'step' | 'note'>;
export type EditorEdge = Edge;

export interface Snapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
  settings: GraphSettings;
}
