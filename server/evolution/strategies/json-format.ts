/**
 * A model answer that is not valid JSON: ask for JSON with a schema (structured output), built from the
 * fields later steps read of this step's output; when the answer was cut at maxTokens, allow it more.
 */
import { isObject, NO_USAGE, withNode, type Strategy } from './strategy';
import type { Failure } from '../failure';

const MAX_TOKENS_CAP = 200_000;

/** The fields of `steps.<id>.output` other steps read, in order of first use. */
export function fieldsReadOf(failure: Failure, nodeId: string): string[] {
  const pattern = new RegExp(`steps\\.${nodeId}\\.output\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g');
  const fields = new Set<string>();
  for (const node of failure.graph.nodes) {
    if (node.id === nodeId) continue;
    for (const match of JSON.stringify(node.config ?? null).matchAll(pattern)) if (match[1] !== undefined) fields.add(match[1]);
  }
  return [...fields];
}

const isCutShort = (message: string) => message.includes('cut at maxTokens');

export const jsonFormatStrategy: Strategy = {
  id: 'json-format',
  appliesTo(failure) {
    const node = failure.node;
    if (node?.type !== 'llm' || failure.error.code !== 'LLM_OUTPUT_INVALID' || !isObject(node.config)) return false;
    return isCutShort(failure.error.message) || node.config.jsonSchema === undefined || node.config.responseFormat !== 'json';
  },
  propose(failure) {
    const node = failure.node;
    if (node === undefined || !isObject(node.config)) return { kind: 'refused', reason: 'no failed llm step', usage: NO_USAGE };
    const config = node.config;
    if (isCutShort(failure.error.message)) {
      const before = typeof config.maxTokens === 'number' ? config.maxTokens : 1000;
      const maxTokens = Math.min(MAX_TOKENS_CAP, before * 2);
      return {
        kind: 'patch',
        graph: withNode(failure.graph, { ...node, config: { ...config, maxTokens } }),
        note: `Step "${node.id}": the model's JSON was cut at ${before} tokens; maxTokens raised to ${maxTokens}.`,
        usage: NO_USAGE,
      };
    }
    const fields = fieldsReadOf(failure, node.id);
    const jsonSchema = { type: 'object', properties: Object.fromEntries(fields.map((field) => [field, {}])), required: fields };
    const read = fields.length === 0 ? 'any JSON object' : `an object with ${fields.map((f) => `"${f}"`).join(', ')} (what later steps read)`;
    return {
      kind: 'patch',
      graph: withNode(failure.graph, { ...node, config: { ...config, responseFormat: 'json', jsonSchema } }),
      note: `Step "${node.id}": the model answered with text that is not valid JSON; it is now asked for structured JSON output: ${read}.`,
      usage: NO_USAGE,
    };
  },
};
