/**
 * One store per canvas: nodes, edges, selection, undo/redo history, the dirty flag and
 * the latest validation problems. Created per editor by `createEditorStore(initialGraph)`.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createStore } from 'zustand/vanilla';
import type { GraphProblem } from '@/server/engine/validate';
import type { Graph, GraphSettings } from '@/server/engine/graph';
import { toFlow } from '../canvas/graph-convert';
import { connectionProblem } from '../canvas/connect-rules';
import { indexProblems, sameProblems, type ProblemIndex } from './problem-index';
import { uniqueNodeId } from '../canvas/node-ids';
import type { EditorEdge, EditorNode, Snapshot, StepData } from './types';

const HISTORY_LIMIT = 100;
/** Keystrokes in one field within this window are one undo step. */
const COALESCE_MS = 1500;

export interface EditorState extends ProblemIndex {
  nodes: EditorNode[];
  edges: EditorEdge[];
  settings: GraphSettings;
  past: Snapshot[];
  future: Snapshot[];
  isDirty: boolean;
  /** Bumped on every change other than moving nodes: what validation re-runs on. */
  revision: number;
  /** A short message for the person (a refused connection), shown as a toast that clears itself. */
  notice: string | null;
  /** Bumped when the whole graph moves at once (import, auto-layout): the canvas then fits it in view. */
  viewRevision: number;
  problems: GraphProblem[];
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  onConnect(connection: Connection): void;
  /** Records the current graph for undo; `key` merges quick successive edits of one field. */
  checkpoint(key?: string): void;
  addNode(nodeType: string, position: { x: number; y: number }, data?: Partial<StepData>): string;
  updateNodeData(id: string, patch: Partial<StepData>, key?: string): void;
  /** The graph's settings are part of the draft: saved with it, and undoable. */
  updateSettings(patch: Partial<GraphSettings>, key?: string): void;
  insert(nodes: EditorNode[], edges: EditorEdge[]): void;
  selectOnly(ids: readonly string[]): void;
  /** Moves steps to new places as one undo step, then fits the view to them. */
  setPositions(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  /** Moves steps without an undo step or a fit: one part of a move spread over frames (after a checkpoint). */
  movePositions(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  /** Asks the canvas to fit the whole graph in view. */
  requestFit(): void;
  replaceGraph(graph: Pick<Graph, 'nodes' | 'edges' | 'settings'>): void;
  undo(): void;
  redo(): void;
  setProblems(problems: GraphProblem[]): void;
  setNotice(notice: string | null): void;
  markSaved(): void;
}

export function createEditorStore(initialGraph: Pick<Graph, 'nodes' | 'edges' | 'settings'>) {
  let lastKey: string | undefined;
  let lastAt = 0;
  let isCheckpointPending = false;

  return createStore<EditorState>()((set, get) => {
    const snapshot = (): Snapshot => ({ nodes: get().nodes, edges: get().edges, settings: get().settings });
    const changed = (patch: Partial<EditorState>) => set((s) => ({ ...patch, isDirty: true, revision: s.revision + 1 }));

    return {
      ...toFlow(initialGraph),
      ...indexProblems([]),
      settings: initialGraph.settings,
      past: [],
      future: [],
      isDirty: false,
      revision: 0,
      notice: null,
      viewRevision: 0,
      problems: [],

      onNodesChange(changes) {
        const isStructural = changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace');
        const isMoved = changes.some((c) => c.type === 'position');
        if (isStructural) get().checkpoint();
        const nodes = applyNodeChanges(changes, get().nodes);
        // Zoomed out React Flow holds no edges (canvas.tsx), so it cannot remove a deleted node's edges itself.
        const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
        const edges = removed.size === 0 ? get().edges : get().edges.filter((edge) => !removed.has(edge.source) && !removed.has(edge.target));
        if (isStructural) changed({ nodes, edges });
        else if (isMoved) set({ nodes, isDirty: true });
        else set({ nodes });
      },
      onEdgesChange(changes) {
        const isStructural = changes.some((c) => c.type !== 'select');
        if (isStructural) get().checkpoint();
        const edges = applyEdgeChanges(changes, get().edges);
        if (isStructural) changed({ edges });
        else set({ edges });
      },
      onConnect(connection) {
        const { nodes, edges } = get();
        const problem = connectionProblem(nodes, edges, connection);
        if (problem) return set({ notice: `Connection refused: ${problem}` });
        get().checkpoint();
        const handle = connection.sourceHandle && connection.sourceHandle !== 'out' ? connection.sourceHandle : null;
        const id = `e_${connection.source}_${handle ? `${handle}_` : ''}${connection.target}`;
        changed({ edges: addEdge({ ...connection, sourceHandle: handle, id }, edges), notice: null });
      },
      checkpoint(key) {
        const now = Date.now();
        if (key !== undefined && key === lastKey && now - lastAt < COALESCE_MS) {
          lastAt = now;
          return;
        }
        lastKey = key;
        lastAt = now;
        // React Flow deletes nodes and their edges in two change batches of one tick: one undo step.
        if (isCheckpointPending) return;
        isCheckpointPending = true;
        queueMicrotask(() => {
          isCheckpointPending = false;
        });
        set((s) => ({ past: [...s.past.slice(-(HISTORY_LIMIT - 1)), snapshot()], future: [] }));
      },
      addNode(nodeType, position, data) {
        get().checkpoint();
        const id = uniqueNodeId(get().nodes, nodeType);
        const isStickyNote = nodeType === 'note';
        const node: EditorNode = {
          id,
          type: isStickyNote ? 'note' : 'step',
          position,
          selected: true,
          ariaLabel: data?.name || id,
          data: { nodeType, name: id, config: isStickyNote ? { text: '' } : {}, ...data },
        };
        changed({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        return id;
      },
      updateNodeData(id, patch, key) {
        get().checkpoint(key ?? `data:${id}`);
        const nodes = get().nodes.map((node) =>
          node.id === id ? { ...node, data: { ...node.data, ...patch }, ariaLabel: patch.name === undefined ? node.ariaLabel : patch.name || id } : node,
        );
        changed({ nodes });
      },
      updateSettings(patch, key) {
        get().checkpoint(key ?? 'settings');
        // A field set to undefined is removed, so the saved JSON does not keep it.
        const merged = Object.entries({ ...get().settings, ...patch }).filter(([, value]) => value !== undefined);
        changed({ settings: Object.fromEntries(merged) as GraphSettings });
      },
      insert(nodes, edges) {
        get().checkpoint();
        changed({ nodes: [...get().nodes.map((n) => ({ ...n, selected: false })), ...nodes], edges: [...get().edges, ...edges] });
      },
      selectOnly(ids) {
        const wanted = new Set(ids);
        set((s) => ({ nodes: s.nodes.map((n) => (Boolean(n.selected) === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) })) }));
      },
      setPositions(positions) {
        get().checkpoint();
        get().movePositions(positions);
        get().requestFit();
      },
      movePositions(positions) {
        // Unmoved nodes keep their objects, so React Flow re-renders only the moved ones.
        set((s) => ({
          nodes: s.nodes.map((n) => {
            const position = positions.get(n.id);
            return position ? { ...n, position } : n;
          }),
          isDirty: true,
        }));
      },
      requestFit() {
        set((s) => ({ viewRevision: s.viewRevision + 1 }));
      },
      replaceGraph(graph) {
        get().checkpoint();
        changed({ ...toFlow(graph), settings: graph.settings, viewRevision: get().viewRevision + 1 });
      },
      undo() {
        const { past, future } = get();
        const previous = past.at(-1);
        if (!previous) return;
        changed({ ...previous, past: past.slice(0, -1), future: [snapshot(), ...future] });
        lastKey = undefined;
      },
      redo() {
        const { past, future } = get();
        const next = future[0];
        if (!next) return;
        changed({ ...next, past: [...past, snapshot()], future: future.slice(1) });
        lastKey = undefined;
      },
      setProblems(problems) {
        if (sameProblems(get().problems, problems)) return;
        set({ problems, ...indexProblems(problems) });
      },
      setNotice(notice) {
        set({ notice });
      },
      markSaved() {
        set({ isDirty: false });
      },
    };
  });
}

export type EditorStore = ReturnType<typeof createEditorStore>;
