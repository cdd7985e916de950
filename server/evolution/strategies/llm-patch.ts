/**
 * With a model configured: the model reads the failure (or a person's instruction) and proposes edits of
 * text fields (a prompt, an expression, a predicate, code) as a structured patch. The answer is parsed
 * with zod and each edit must name an existing node and a field its type has; anything else is refused.
 * The graph validator then checks the result before it can be stored (propose.ts).
 */
import { z } from 'zod';
import type { RunId } from '@/server/engine/graph';
import { AppError } from '@/server/errors';
import { isObject, NO_USAGE, withNode, type Strategy, type StrategyOutcome, type StrategyUsage } from './strategy';
import type { Failure } from '../failure';

/** The text fields the model may rewrite, by node type. */
export const EDITABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  llm: ['prompt', 'systemPrompt'],
  transform: ['expression'],
  condition: ['predicate'],
  code: ['code'],
};

export const llmPatchSchema = z.strictObject({
  reason: z.string().min(1).max(2_000),
  edits: z
    .array(z.strictObject({ nodeId: z.string().min(1).max(64), field: z.string().min(1).max(64), value: z.string().min(1).max(100_000) }))
    .min(1)
    .max(5),
});
export type LlmPatch = z.infer<typeof llmPatchSchema>;

const SYSTEM = [
  'You repair steps of a workflow whose steps are JSON nodes (types: llm, transform and condition use JSONata over { input, steps: { <id>: { output } } }; code is JavaScript).',
  'Change as little as possible: only the failing step, unless another step (such as a wrong branch condition) is the cause.',
  `Answer with JSON only: {"reason": "<why this fixes it>", "edits": [{"nodeId": "<id>", "field": "<field>", "value": "<the new full text>"}]}. Editable fields: ${Object.entries(EDITABLE_FIELDS).map(([type, fields]) => `${type}: ${fields.join(', ')}`).join('; ')}.`,
].join('\n');

function excerpt(value: unknown, chars = 2_000): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

export function patchPrompt(failure: Failure): string {
  const nodes = failure.graph.nodes.filter((node) => node.type !== 'note').map((node) => ({ id: node.id, type: node.type, name: node.name, config: node.config }));
  const edges = failure.graph.edges.map((edge) => `${edge.source}${edge.sourceHandle ? `:${edge.sourceHandle}` : ''} -> ${edge.target}`);
  const lines = [
    `Graph nodes: ${excerpt(nodes, 8_000)}`,
    `Edges: ${edges.join(', ')}`,
    `Run input: ${excerpt(failure.runInput)}`,
    `Outputs of the steps that succeeded: ${excerpt(failure.scope.steps, 4_000)}`,
  ];
  if (failure.node !== undefined) lines.push(`Failed step: "${failure.node.id}" (${failure.node.type}), error ${failure.error.code}: ${failure.error.message}`, `Its input: ${excerpt(failure.stepInput)}`);
  if (failure.instruction !== undefined) lines.push(`The person asks: ${failure.instruction}`);
  return lines.join('\n');
}

/** Applies a parsed patch, or says why it cannot be applied. */
export function applyPatch(failure: Failure, patch: LlmPatch): { graph: Failure['graph'] } | { reason: string } {
  let graph = failure.graph;
  for (const edit of patch.edits) {
    const node = graph.nodes.find((candidate) => candidate.id === edit.nodeId);
    if (node === undefined) return { reason: `the patch edits a step "${edit.nodeId}" that the graph does not have` };
    const fields = EDITABLE_FIELDS[node.type] ?? [];
    if (!fields.includes(edit.field) || !isObject(node.config)) return { reason: `the patch edits ${edit.field} of step "${node.id}" (${node.type}); only ${fields.join(', ') || 'nothing'} may be edited there` };
    graph = withNode(graph, { ...node, config: { ...node.config, [edit.field]: edit.value } });
  }
  return { graph };
}

const usageOf = (response: { tokensIn: number; tokensOut: number; costUsd: number }): StrategyUsage => ({
  tokensIn: response.tokensIn,
  tokensOut: response.tokensOut,
  costUsd: response.costUsd,
});

export const llmPatchStrategy: Strategy = {
  id: 'llm-patch',
  appliesTo: (failure) => failure.node === undefined || Object.hasOwn(EDITABLE_FIELDS, failure.node.type) || failure.instruction !== undefined,
  async propose(failure, deps): Promise<StrategyOutcome> {
    if (deps.llm === undefined) return { kind: 'refused', reason: 'no model is configured', usage: NO_USAGE };
    let response;
    try {
      response = await deps.llm.complete({
        runId: failure.runId as RunId,
        model: deps.model,
        messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: patchPrompt(failure) }],
        temperature: 0,
        responseFormat: { type: 'json', schema: z.toJSONSchema(llmPatchSchema) as Record<string, unknown> },
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      // A refused budget (checked before the call) or an unreachable model: the attempt is logged with its reason.
      if (error instanceof AppError && error.code === 'BUDGET_EXCEEDED') return { kind: 'refused', reason: `the model was not called: ${error.message}`, usage: NO_USAGE };
      return { kind: 'refused', reason: `the model was not asked or did not answer: ${error instanceof AppError ? `${error.code}: ${error.message}` : String(error)}`, usage: NO_USAGE };
    }
    const usage = usageOf(response);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      return { kind: 'refused', reason: `the model's answer is not JSON: "${response.text.slice(0, 200)}"`, usage };
    }
    const parsed = llmPatchSchema.safeParse(json);
    if (!parsed.success) return { kind: 'refused', reason: `the model's patch is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'patch'}: ${i.message}`).join('; ')}`, usage };
    const applied = applyPatch(failure, parsed.data);
    if ('reason' in applied) return { kind: 'refused', reason: applied.reason, usage };
    const fields = parsed.data.edits.map((edit) => `${edit.field} of "${edit.nodeId}"`).join(', ');
    return { kind: 'patch', graph: applied.graph, note: `Model edit of ${fields}: ${parsed.data.reason}`, usage };
  },
};
