/**
 * The LLM port over the `openai` client: one streamed chat completion per call. Text deltas go to
 * `onDelta` as they arrive; usage comes from the final chunk (`stream_options.include_usage`) and is
 * priced at the run's team's price (prices.ts). A provider that sends no usage chunk gets its tokens counted here
 * (estimate.ts), marked as estimated, so cost and token budgets still hold. The step's AbortSignal is passed to the request, so a timeout or a
 * cancel closes the HTTP stream itself, not only the engine's wait for it.
 */
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { LlmPort, LlmRequest, LlmResponse, LlmResponseFormat } from '@/server/engine/llm-port';
import { classifyLlmError } from './errors';
import { estimateTokens } from './estimate';
import { costUsd, type PriceLookup } from './prices';

export interface LlmServiceDeps {
  client: OpenAI;
  priceOf: PriceLookup;
  now?: () => number;
}

function responseFormat(format: LlmResponseFormat): ChatCompletionCreateParamsStreaming['response_format'] {
  switch (format.type) {
    case 'text':
      return undefined;
    case 'json':
      return format.schema === undefined
        ? { type: 'json_object' }
        : { type: 'json_schema', json_schema: { name: 'step_output', schema: format.schema, strict: false } };
    default: {
      const unhandled: never = format;
      throw new Error(`unknown response format ${JSON.stringify(unhandled)}`);
    }
  }
}

function params(request: LlmRequest): ChatCompletionCreateParamsStreaming {
  return {
    model: request.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    // `max_tokens`, not `max_completion_tokens`: every OpenAI-compatible server (Ollama, vLLM, LM Studio)
    // understands it, and OpenAI still does for chat models.
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.responseFormat.type === 'text' ? {} : { response_format: responseFormat(request.responseFormat) }),
    stream: true,
    stream_options: { include_usage: true },
  };
}

export function createLlmService(deps: LlmServiceDeps): LlmPort {
  const now = deps.now ?? Date.now;
  return {
    async complete(request: LlmRequest): Promise<LlmResponse> {
      const started = now();
      let text = '';
      let model = request.model;
      let reported: { tokensIn: number; tokensOut: number } | undefined;
      let finishReason: string | undefined;
      try {
        const stream = await deps.client.chat.completions.create(params(request), { signal: request.signal });
        for await (const chunk of stream) {
          if (chunk.model) model = chunk.model;
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            request.onDelta?.(delta);
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
          if (chunk.usage) reported = { tokensIn: chunk.usage.prompt_tokens, tokensOut: chunk.usage.completion_tokens };
        }
        // The SDK may end an aborted stream quietly: a cut answer must not pass for a whole one.
        request.signal.throwIfAborted();
      } catch (error) {
        throw classifyLlmError(error, { model: request.model, signal: request.signal });
      }
      const { tokensIn, tokensOut } = reported ?? (await estimateTokens(request.messages, text));
      const price = (await deps.priceOf(request.runId, request.model)) ?? (await deps.priceOf(request.runId, model));
      return {
        text,
        model,
        tokensIn,
        tokensOut,
        costUsd: costUsd(price, tokensIn, tokensOut),
        latencyMs: now() - started,
        ...(finishReason === undefined ? {} : { finishReason }),
        ...(reported === undefined ? { isEstimated: true } : {}),
      };
    },
  };
}
