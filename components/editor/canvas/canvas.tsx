import { useCallback, useEffect, useMemo, type DragEvent, type KeyboardEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { connectionProblem } from './connect-rules';
import { useEditorStore, useEditorStoreApi, useIsReadOnly } from '../state/editor-context';
import { NoteNodeView } from './note-node';
import { StepNodeView } from './step-node';
import { LOW_DETAIL_ZOOM, useIsLowDetail } from './level-of-detail';
import { LowDetailEdges } from './low-detail-edges';
import { useKeepFitted } from './use-keep-fitted';
import { useDiffOverlay, withEdgeDiff } from '../diff/diff-overlay';
import type { EditorEdge, EditorNode } from '../state/types';

export const PALETTE_DRAG_TYPE = 'application/x-mastery-node-type';

// Module-level: a new object per render would make React Flow re-mount every node.
const nodeTypes = { step: StepNodeView, note: NoteNodeView } satisfies NodeTypes;
const DELETE_KEYS = ['Backspace', 'Delete'];
const ARROW_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
const FIT_PADDING = 0.15;
const FIT_VIEW_OPTIONS = { padding: FIT_PADDING };
/** From this many nodes only what is on screen is rendered. */
const BIG_GRAPH_NODES = 300;
const ZOOMED_OUT = { x: 0, y: 0, zoom: LOW_DETAIL_ZOOM / 2 };
const ZOOMED_IN = { x: 0, y: 0, zoom: 1 };
/** Zoomed out, React Flow gets no edges: LowDetailEdges draws them all as one element. */
const NO_EDGES: EditorEdge[] = [];
/** A small graph fits on screen at a glance: the mini map would only hide its nodes. */
const MINIMAP_FROM_NODES = 25;

export function Canvas() {
  const store = useEditorStoreApi();
  const isReadOnly = useIsReadOnly();
  const { nodes, edges, problemEdgeIds, onNodesChange, onEdgesChange, onConnect, checkpoint } = useEditorStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      problemEdgeIds: s.problemEdgeIds,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      onConnect: s.onConnect,
      checkpoint: s.checkpoint,
    })),
  );
  const { screenToFlowPosition, fitView } = useReactFlow<EditorNode, EditorEdge>();
  const viewRevision = useEditorStore((s) => s.viewRevision);
  const isBig = nodes.length > BIG_GRAPH_NODES;
  useEffect(() => {
    if (viewRevision === 0) return;
    // After the moved nodes are painted and measured. A big graph's view jumps: each frame of an animation
    // would redraw thousands of cards, tens of milliseconds apiece.
    const frame = requestAnimationFrame(() => void fitView({ padding: FIT_PADDING, duration: isBig ? 0 : 200 }));
    return () => cancelAnimationFrame(frame);
  }, [viewRevision, fitView, isBig]);
  useKeepFitted(FIT_PADDING);

  const diff = useDiffOverlay();
  const shownEdges = useMemo(
    () => withEdgeDiff(problemEdgeIds.size === 0 ? edges : edges.map((edge) => (problemEdgeIds.has(edge.id) ? { ...edge, className: 'has-problem', animated: true } : edge)), diff),
    [edges, problemEdgeIds, diff],
  );

  const isLowDetail = useIsLowDetail();

  // Refused while dragging, and said why in a toast (which cycle it would close).
  const isValidConnection = useCallback<IsValidConnection<EditorEdge>>(
    (connection) => {
      const { nodes: all, edges: existing, notice, setNotice } = store.getState();
      const problem = connectionProblem(all, existing, connection);
      const message = problem ? `Connection refused: ${problem}` : null;
      if (problem && message !== notice) setNotice(message);
      return problem === null;
    },
    [store],
  );

  const onDragStart = useCallback(() => checkpoint(), [checkpoint]);
  // A focused card moved with the arrow keys: one undo step per burst of presses, as a drag is one.
  const onKeyDownCapture = useCallback(
    (event: KeyboardEvent) => {
      if (!isReadOnly && ARROW_KEYS.has(event.key) && event.target instanceof Element && event.target.closest('.react-flow__node')) checkpoint('keyboard-move');
    },
    [checkpoint, isReadOnly],
  );
  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      store.getState().addNode(type, screenToFlowPosition({ x: event.clientX - 100, y: event.clientY - 25 }));
    },
    [store, screenToFlowPosition],
  );

  return (
    <ReactFlow<EditorNode, EditorEdge>
      nodes={nodes}
      edges={isLowDetail ? NO_EDGES : shownEdges}
      // Zoomed out, handles are hidden (flow.css): nothing to connect at that size, and far less to paint.
      className={isLowDetail ? 'is-low-detail' : undefined}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onNodeDragStart={onDragStart}
      onSelectionDragStart={onDragStart}
      onKeyDownCapture={onKeyDownCapture}
      isValidConnection={isValidConnection}
      onDragOver={onDragOver}
      onDrop={onDrop}
      nodesDraggable={!isReadOnly}
      nodesConnectable={!isReadOnly}
      edgesReconnectable={false}
      deleteKeyCode={isReadOnly ? null : DELETE_KEYS}
      multiSelectionKeyCode="Shift"
      selectionOnDrag={false}
      onlyRenderVisibleElements={isBig}
      // Low enough for fit view to show a graph of thousands of steps whole, even stacked in one tall column.
      minZoom={0.005}
      // A big graph's first paint is at low detail: fit view zooms out to it anyway.
      defaultViewport={isBig ? ZOOMED_OUT : ZOOMED_IN}
      fitView
      fitViewOptions={FIT_VIEW_OPTIONS}
      aria-label="Mastery canvas"
    >
      {isLowDetail && <LowDetailEdges nodes={nodes} edges={shownEdges} />}
      <Background gap={20} />
      {nodes.length >= MINIMAP_FROM_NODES && <MiniMap pannable zoomable ariaLabel="Mini map" />}
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
