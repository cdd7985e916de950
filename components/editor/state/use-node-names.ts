import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from './editor-context';
import type { EditorNode } from './types';

// One map per nodes array, however many components ask for it during one store change.
const namesByNodes = new WeakMap<readonly EditorNode[], ReadonlyMap<string, string>>();

function namesOf(nodes: readonly EditorNode[]): ReadonlyMap<string, string> {
  let names = namesByNodes.get(nodes);
  if (!names) {
    names = new Map(nodes.map((node) => [node.id, node.data.name]));
    namesByNodes.set(nodes, names);
  }
  return names;
}

/**
 * Every node's card name by id; the same map until an id or a name changes (a drag leaves it as it is).
 * Compared as a map: compared as a flat array of ids and names, the store's shallow check copied it into
 * maps on every change, a cost felt on each keystroke of a thousand-node graph.
 */
export function useNodeNameMap(): ReadonlyMap<string, string> {
  return useEditorStore(useShallow((s) => namesOf(s.nodes)));
}
