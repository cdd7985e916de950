/**
 * Token counts for a call whose provider reported no usage (some OpenAI-compatible servers never send
 * the final usage chunk): without them a call would count as 0 tokens and $0 and budgets would never
 * stop a run. Counted with gpt-tokenizer as gpt-4o counts them (o200k_base and its chat framing); for other
 * providers' models it is an approximation, which is why the attempt is marked as estimated.
 */
import type { LlmMessage } from '@/server/engine/llm-port';

export interface TokenCounts {
  tokensIn: number;
  tokensOut: number;
}

export async function estimateTokens(messages: readonly LlmMessage[], answer: string): Promise<TokenCounts> {
  // Loaded on first use: its ranks are a few megabytes that calls with reported usage never need.
  const { countTokens } = await import('gpt-tokenizer/model/gpt-4o');
  return { tokensIn: countTokens(messages.map((m) => ({ role: m.role, content: m.content }))), tokensOut: countTokens(answer) };
}
