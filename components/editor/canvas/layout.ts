/**
 * Auto-layout: a pure async function, graph in, positions out, off the main thread. Up to a few hundred
 * steps, elkjs's layered algorithm places steps left to right; each output handle is an ELK port in a fixed
 * order, so a condition's `true` branch stays above its `false` branch. It runs in a web worker of its own
 * (elkjs's worker build), so that the page keeps answering input while it works. Bigger graphs take
 * elkjs seconds and come out as one column as tall as their widest level: they get the folded layout, in a
 * worker of its own too.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { foldedLayout } from './folded-layout';
import { foldAnswerSchema, type FoldRequest } from './layout-messages';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
  outputs: readonly string[];
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
}

type Positions = Map<string, { x: number; y: number }>;

/** Above this many steps the folded layout is used. */
const ELK_MAX_NODES = 400;

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

export async function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Positions> {
  if (nodes.length > ELK_MAX_NODES) return foldOffThread(nodes, edges);
  const result = await runElk(elkGraph(nodes, edges));
  const positions: Positions = new Map();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}

function elkGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): ElkNode {
  const known = new Set(nodes.map((node) => node.id));
  const children: ElkNode[] = nodes.map((node) => ({
    id: node.id,
    width: node.width,
    height: node.height,
    layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
    ports: [
      { id: `${node.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
      ...node.outputs.map((output, index) => ({ id: `${node.id}::${output}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(index) } })),
    ],
  }));
  const outputsOf = new Map(nodes.map((node) => [node.id, node.outputs]));
  const elkEdges: ElkExtendedEdge[] = edges
    .filter((edge) => known.has(edge.source) && known.has(edge.target))
    .map((edge) => {
      const outputs = outputsOf.get(edge.source) ?? [];
      const handle = edge.sourceHandle && outputs.includes(edge.sourceHandle) ? edge.sourceHandle : outputs[0];
      return { id: edge.id, sources: [handle ? `${edge.source}::${handle}` : edge.source], targets: [`${edge.target}::in`] };
    });
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges: elkEdges };
}

/** Like runElk: in a web worker, else (Node, a refused worker) on this thread. */
async function foldOffThread(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Promise<Positions> {
  if (typeof Worker === 'undefined') return foldedLayout(nodes, edges);
  const worker = new Worker(new URL('./folded-layout.worker.ts', import.meta.url));
  // Only what the layout reads: a canvas edge carries more, all of it copied to the worker otherwise.
  const request: FoldRequest = {
    nodes: nodes.map(({ id, width, height, outputs }) => ({ id, width, height, outputs: [...outputs] })),
    edges: edges.map(({ id, source, target, sourceHandle }) => ({ id, source, target, sourceHandle })),
  };
  try {
    const answer = await new Promise<unknown>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<unknown>) => resolve(event.data), { once: true });
      worker.addEventListener('error', (event) => reject(new Error(event.message)), { once: true });
      worker.postMessage(request);
    });
    return new Map(foldAnswerSchema.parse(answer).map(([id, x, y]) => [id, { x, y }]));
  } catch {
    return foldedLayout(nodes, edges);
  } finally {
    worker.terminate();
  }
}

/** In a web worker in the browser; in-process where there is none (Node, in tests) or it fails to start. */
async function runElk(graph: ElkNode): Promise<ElkNode> {
  if (typeof Worker === 'undefined') return runElkInProcess(graph);
  const { default: ELK } = await import('elkjs/lib/elk-api.js');
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url));
  const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (event) => reject(new Error(event.message)), { once: true }));
  const elk = new ELK({ workerFactory: () => worker });
  try {
    return await Promise.race([elk.layout(graph), failed]);
  } catch {
    // A worker refused (by a content policy, say) still gets a layout, on this thread.
    return runElkInProcess(graph);
  } finally {
    elk.terminateWorker();
  }
}

async function runElkInProcess(graph: ElkNode): Promise<ElkNode> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  return new ELK().layout(graph);
}
