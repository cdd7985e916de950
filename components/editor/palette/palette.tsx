import { useCallback, useMemo, useState, type DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { Tooltip } from '@/components/ui/tooltip';
import { CATEGORY_LABELS } from '../state/catalog-index';
import { NodeIcon } from './node-icon';
import { PALETTE_DRAG_TYPE } from '../canvas/canvas';
import { useEditorStoreApi } from '../state/editor-context';
import { useCatalog } from '../state/catalog-context';

interface PaletteItem {
  type: string;
  title: string;
  description: string;
  icon: string;
  category: keyof typeof CATEGORY_LABELS | 'notes';
}

const NOTE_ITEM: PaletteItem = { type: 'note', title: 'Sticky note', description: 'Text on the canvas for people; never run.', icon: 'sticky-note', category: 'notes' };
const GROUP_LABELS: Record<PaletteItem['category'], string> = { ...CATEGORY_LABELS, notes: 'Notes' };

interface Props {
  /** Collapsed to a rail of icons (each named and described in a tooltip), so the canvas keeps the room. */
  isCollapsed: boolean;
  onToggle(): void;
}

/** Every node type, grouped by category and searchable; click to add at the centre, or drag onto the canvas. */
export function Palette({ isCollapsed, onToggle }: Props) {
  const [query, setQuery] = useState('');
  const store = useEditorStoreApi();
  const { screenToFlowPosition } = useReactFlow();
  const { entries } = useCatalog();
  const items = useMemo<PaletteItem[]>(() => [...entries.map(({ type, title, description, icon, category }) => ({ type, title, description, icon, category })), NOTE_ITEM], [entries]);
  const groups = useMemo(() => groupItems(items, query), [items, query]);

  const add = useCallback(
    (type: string) => {
      const canvas = document.querySelector('[aria-label="Mastery canvas"]')?.getBoundingClientRect();
      const centre = canvas ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 } : { x: 400, y: 300 };
      const count = store.getState().nodes.length;
      const position = screenToFlowPosition(centre);
      store.getState().addNode(type, { x: position.x - 110 + (count % 5) * 24, y: position.y - 30 + (count % 5) * 24 });
    },
    [store, screenToFlowPosition],
  );
  const onDragStart = useCallback((event: DragEvent<HTMLButtonElement>, type: string) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  }, []);

  const toggle = (
    <button
      type="button"
      onClick={onToggle}
      aria-label={isCollapsed ? 'Expand the palette' : 'Collapse the palette'}
      className="flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100"
    >
      {isCollapsed ? <PanelLeftOpen aria-hidden="true" className="size-4" /> : <PanelLeftClose aria-hidden="true" className="size-4" />}
    </button>
  );
  if (isCollapsed) {
    return (
      <nav aria-label="Node palette" className="flex h-full flex-col items-center gap-1 overflow-y-auto border-r border-zinc-200 bg-white py-2">
        {toggle}
        {items.map((item) => (
          <Tooltip key={item.type} side="right" content={<><strong className="font-semibold">{item.title}</strong> · {item.description}</>}>
            <button
              type="button"
              draggable
              onDragStart={(event) => onDragStart(event, item.type)}
              onClick={() => add(item.type)}
              aria-label={`Add ${item.title}`}
              className="flex size-8 shrink-0 items-center justify-center rounded-md text-accent-700 hover:bg-accent-50"
            >
              <NodeIcon name={item.icon} />
            </button>
          </Tooltip>
        ))}
      </nav>
    );
  }
  return (
    <nav aria-label="Node palette" className="flex h-full flex-col gap-3 overflow-y-auto border-r border-zinc-200 bg-white p-3">
      <div className="flex items-center gap-1">
        <Input type="search" aria-label="Search node types" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} className="h-8" />
        {toggle}
      </div>
      {groups.length === 0 && <p className="text-sm text-zinc-500">No node type matches “{query}”.</p>}
      {groups.map(([category, items]) => (
        <section key={category} aria-label={GROUP_LABELS[category]}>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{GROUP_LABELS[category]}</h3>
          <ul className="flex flex-col gap-1">
            {items.map((item) => (
              <li key={item.type}>
                <button
                  type="button"
                  draggable
                  onDragStart={(event) => onDragStart(event, item.type)}
                  onClick={() => add(item.type)}
                  aria-label={`Add ${item.title}`}
                  title={item.description}
                  className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-zinc-100"
                >
                  <span className="mt-0.5 text-accent-700"><NodeIcon name={item.icon} /></span>
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-zinc-900">{item.title}</span>
                    <span className="line-clamp-2 block text-xs text-zinc-500">{item.description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}

function groupItems(items: readonly PaletteItem[], query: string): Array<[PaletteItem['category'], PaletteItem[]]> {
  const needle = query.trim().toLowerCase();
  const groups = new Map<PaletteItem['category'], PaletteItem[]>();
  for (const item of items) {
    if (needle && !`${item.title} ${item.type} ${item.description}`.toLowerCase().includes(needle)) continue;
    const list = groups.get(item.category);
    if (list) list.push(item);
    else groups.set(item.category, [item]);
  }
  return [...groups.entries()];
}
