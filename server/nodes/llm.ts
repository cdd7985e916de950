/**
 * `llm`: asks a chat model. Settings come from a team agent (system prompt, model, temperature…) and/or
 * inline fields, which win over the agent's. Tokens stream to live viewers as partial output; usage and
 * cost are reported for the step's attempt; a JSON answer is parsed and checked against the schema.
 * The model is reached only through `ctx.services.llm` (server/llm builds it), never directly.
 */
import { z } from 'zod';
import { defineNodeType, done, type NodeContext } from '@/server/engine/node-type';
import type { AgentProfile, LlmMessage, LlmResponse } from '@/server/engine/llm-port';
import { NodeError } from '@/server/errors';

export const LLM_NOT_CONFIGURED_MESSAGE =
  'no LLM provider is configured: set OPENAI_API_KEY (for OpenAI) and/or OPENAI_BASE_URL (for an OpenAI-compatible server such as Ollama, vLLM or LM Studio), then restart';

const llmConfigSchema = z
  .strictObject({
    agentId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .meta({ title: 'Agent', description: 'A team agent whose system prompt, model and temperature this step uses', examples: ['clx0researcher'] }),
    model: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ title: 'Model', description: "The provider's model name; overrides the agent's. Required without an agent", examples: ['gpt-4o-mini', 'llama3.1:8b'] }),
    systemPrompt: z
      .string()
      .max(20_000)
      .optional()
      .meta({ title: 'System prompt', description: "Instructions for the model; overrides the agent's", examples: ['You are a careful researcher.'] }),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .optional()
      .meta({ title: 'Temperature', description: "0 = focused and repeatable, 2 = most varied; overrides the agent's", examples: [0.2, 0.7] }),
    prompt: z
      .string()
      .min(1, 'Enter a prompt')
      .max(100_000)
      .meta({
        title: 'Prompt',
        description: 'The user message; {{ }} templates read the run input and earlier steps',
        examples: ['Summarise in three bullet points:\n{{ steps.fetch.output.text }}'],
      }),
    responseFormat: z
      .enum(['text', 'json'])
      .default('text')
      .meta({ title: 'Response format', description: 'text: the answer as a string; json: the answer parsed as JSON (checked against the JSON schema when one is given)', examples: ['text', 'json'] }),
    jsonSchema: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        title: 'JSON schema',
        description: 'With response format json: the structure the answer must have (asked of the model as structured output, then checked)',
        examples: [{ type: 'object', properties: { title: { type: 'string' }, score: { type: 'number' } }, required: ['title', 'score'] }],
      }),
    maxTokens: z
      .number()
      .int()
      .min(1)
      .max(200_000)
      .optional()
      .meta({ title: 'Max tokens', description: "Upper bound on the answer's length in tokens; overrides the agent's", examples: [800] }),
  })
  .refine((c) => c.agentId !== undefined || c.model !== undefined, { message: 'choose an agent or set a model', path: ['model'] })
  .refine((c) => c.jsonSchema === undefined || c.responseFormat === 'json', { message: 'a JSON schema needs the json response format', path: ['responseFormat'] });

type LlmConfig = z.output<typeof llmConfigSchema>;

async function loadAgent(ctx: NodeContext<LlmConfig>, agentId: string): Promise<AgentProfile> {
  const agents = ctx.services.agents;
  if (agents === undefined) throw new NodeError('NODE_FAILED', 'agents are not available in this runtime', { retryable: false });
  const agent = await agents.get(ctx.runId, agentId);
  if (agent === undefined) {
    throw new NodeError('NODE_CONFIG_INVALID', `config.agentId: no agent "${agentId}" in this team (it may have been archived)`, { retryable: false });
  }
  return agent;
}

function messages(config: LlmConfig, agent: AgentProfile | undefined): LlmMessage[] {
  const system = config.systemPrompt ?? agent?.systemPrompt ?? '';
  // OpenAI's JSON mode refuses a request whose messages never mention JSON; say it once, plainly.
  const jsonHint = config.responseFormat === 'json' ? 'Answer with JSON only, no prose.' : '';
  const content = [system, jsonHint].filter((part) => part !== '').join('\n\n');
  return [...(content === '' ? [] : [{ role: 'system' as const, content }]), { role: 'user', content: config.prompt }];
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** The answer as the step's output: text as is; JSON parsed and, with a schema, validated. */
export function parseAnswer(config: Pick<LlmConfig, 'responseFormat' | 'jsonSchema'>, response: Pick<LlmResponse, 'text' | 'finishReason'>): unknown {
  if (config.responseFormat === 'text') return response.text;
  const cutShort = response.finishReason === 'length' ? ' (the answer was cut at maxTokens: raise it)' : '';
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NodeError('LLM_OUTPUT_INVALID', `the model's answer is not valid JSON${cutShort}: ${reason}; got "${excerpt(response.text)}"`, { retryable: false });
  }
  if (config.jsonSchema === undefined) return value;
  const checked = z.fromJSONSchema(config.jsonSchema as Parameters<typeof z.fromJSONSchema>[0]).safeParse(value);
  if (checked.success) return checked.data;
  const issues = checked.error.issues.map((issue) => `${['output', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
  throw new NodeError('LLM_OUTPUT_INVALID', `the model's JSON does not match config.jsonSchema${cutShort}: ${issues}`, { retryable: false });
}

export const llmNode = defineNodeType({
  type: 'llm',
  title: 'LLM',
  category: 'ai',
  description: 'Asks a chat model (through a team agent or inline settings) and outputs its answer as text or validated JSON.',
  icon: 'sparkles',
  configSchema: llmConfigSchema,
  outputs: ['out'],
  async execute(ctx) {
    const { config } = ctx;
    const llm = ctx.services.llm;
    if (llm === undefined) throw new NodeError('LLM_NOT_CONFIGURED', LLM_NOT_CONFIGURED_MESSAGE, { retryable: false });
    const agent = config.agentId === undefined ? undefined : await loadAgent(ctx, config.agentId);
    // The schema's refine guarantees one of the two.
    const model = config.model ?? agent?.model ?? '';
    const temperature = config.temperature ?? agent?.temperature;
    const maxTokens = config.maxTokens ?? agent?.maxTokens;
    const response = await llm.complete({
      runId: ctx.runId,
      model,
      messages: messages(config, agent),
      ...(temperature === undefined ? {} : { temperature }),
      ...(agent?.topP === undefined ? {} : { topP: agent.topP }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      responseFormat: config.responseFormat === 'json' ? { type: 'json', ...(config.jsonSchema ? { schema: config.jsonSchema } : {}) } : { type: 'text' },
      signal: ctx.signal,
      onDelta: (delta) => ctx.emitPartial({ delta }),
    });
    // Reported before the answer is checked: tokens spent on an invalid answer were still spent.
    ctx.reportUsage({
      model,
      tokensIn: response.tokensIn,
      tokensOut: response.tokensOut,
      costUsd: response.costUsd,
      ...(agent === undefined ? {} : { agentId: agent.id, agentVersion: agent.version }),
      ...(response.isEstimated === true ? { isEstimated: true } : {}),
      ...(response.budgetAlerts === undefined ? {} : { budgetAlerts: response.budgetAlerts }),
    });
    return done(parseAnswer(config, response));
  },
});
