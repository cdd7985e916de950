/**
 * The part of the OpenAI chat-completions protocol the mock server speaks: the request it accepts
 * (validated with zod, as the real API validates) and the token counts it reports.
 */
import { z } from 'zod';

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() })), z.null()]),
});

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string(), schema: z.record(z.string(), z.unknown()).optional() }) }),
    ])
    .nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

export function messageText(message: ChatRequest['messages'][number]): string {
  if (typeof message.content === 'string') return message.content;
  return (message.content ?? []).map((part) => part.text ?? '').join('');
}

/** About four characters a token, like OpenAI's own rule of thumb: deterministic, so tests can assert it. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function promptTokens(request: ChatRequest): number {
  return request.messages.reduce((sum, message) => sum + countTokens(messageText(message)) + 4, 0);
}

/** The text is streamed in pieces of a few words, as a real model streams tokens. */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A value that fits a JSON schema, for structured-output requests when no reply was scripted. */
export function sampleFromSchema(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, sampleFromSchema(value)]));
    }
    case 'array':
      return [sampleFromSchema(s.items)];
    case 'string':
      return 'mock';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}
