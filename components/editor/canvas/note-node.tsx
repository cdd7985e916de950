import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { EditorNode } from '../state/types';

/** A sticky note: editor-only text on the canvas, never run and never connected. */
export const NoteNodeView = memo(function NoteNodeView({ data, selected }: NodeProps<EditorNode>) {
  const text = typeof data.config === 'object' && data.config !== null && 'text' in data.config ? String(data.config.text) : '';
  return (
    <div className={`w-48 min-h-16 whitespace-pre-wrap rounded-sm bg-warning-50 p-2 text-xs text-zinc-800 shadow ${selected ? 'ring-2 ring-accent-500' : 'ring-1 ring-warning-700/20'}`}>
      {text || <span className="text-zinc-400">Empty note</span>}
    </div>
  );
});
