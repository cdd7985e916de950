/** Small graph builders for the broken masteries: an input, some steps in a line or side by side, an output. */
import type { GraphInput } from '@/server/engine/graph';

type StepSpec = { id: string; type: string; config: unknown; policy?: Record<string, unknown> };

const at = (x: number, y = 0) => ({ x, y });

/** input → steps in order → result; the output is the last step's output. */
export function lineGraph(steps: StepSpec[], settings: Record<string, unknown> = {}): GraphInput {
  const ids = ['input', ...steps.map((s) => s.id), 'result'];
  const last = steps.at(-1)?.id ?? 'input';
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      ...steps.map((s, i) => ({ id: s.id, type: s.type, name: s.id, position: at(250 * (i + 1)), config: s.config, ...(s.policy ? { policy: s.policy } : {}) })),
      { id: 'result', type: 'output', name: 'Result', position: at(250 * (steps.length + 1)), config: { result: `{{ steps.${last}.output }}` } },
    ],
    edges: ids.slice(1).map((id, i) => ({ id: `e-${ids[i]}-${id}`, source: ids[i] ?? 'input', target: id })),
    settings: { maxParallel: 4, ...settings },
  } as GraphInput;
}

/** input → each step side by side → a merge of their outputs. */
export function parallelGraph(steps: StepSpec[], settings: Record<string, unknown> = {}): GraphInput {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      ...steps.map((s, i) => ({ id: s.id, type: s.type, name: s.id, position: at(250, i * 120), config: s.config, ...(s.policy ? { policy: s.policy } : {}) })),
      { id: 'result', type: 'output', name: 'Result', position: at(500), config: { result: Object.fromEntries(steps.map((s) => [s.id, `{{ steps.${s.id}.output }}`])) } },
    ],
    edges: [...steps.map((s) => ({ id: `e-in-${s.id}`, source: 'input', target: s.id })), ...steps.map((s) => ({ id: `e-${s.id}-out`, source: s.id, target: 'result' }))],
    settings: { maxParallel: 4, ...settings },
  } as GraphInput;
}
