/**
 * Which OpenAI-compatible provider to call: OpenAI itself, or any server that speaks its API (Ollama,
 * vLLM, LM Studio, llama.cpp, the test server in test/openai-mock). Read from `env`, never process.env.
 */
import OpenAI from 'openai';
import type { Env } from '@/server/env';

export interface LlmProvider {
  /** Placeholder when unset: local servers ignore the key, but the client insists on one. */
  apiKey: string;
  /** Undefined: api.openai.com. */
  baseURL?: string;
}

/** Undefined when neither variable is set: `llm` steps then fail with LLM_NOT_CONFIGURED. */
export function providerFromEnv(source: Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>): LlmProvider | undefined {
  const { OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: baseURL } = source;
  if (apiKey === undefined && baseURL === undefined) return undefined;
  return { apiKey: apiKey ?? 'not-needed', ...(baseURL === undefined ? {} : { baseURL }) };
}

export function createOpenAiClient(provider: LlmProvider): OpenAI {
  return new OpenAI({
    apiKey: provider.apiKey,
    baseURL: provider.baseURL,
    // The engine owns retries (backoff with jitter, every attempt recorded); a hidden client retry
    // would spend tokens and time the step's policy and records know nothing about.
    maxRetries: 0,
  });
}
