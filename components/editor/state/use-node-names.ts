import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from './editor-context';

/** Every node's card name by id; a new map only when an id or a name changes. */
export function useNodeNameMap(): ReadonlyMap<string, string> {
  const flat = useEditorStore(useShallow((s) => s.nodes.flatMap((node) => [node.id, node.data.name])));
  return useMemo(() => {
    const names = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) names.set(flat[i] ?? '', flat[i + 1] ?? '');
    return names;
  }, [flat]);
}
