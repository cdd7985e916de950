/**
 * The ports of the `llm` node type: a chat model and the team's agents. Types only, so the engine stays
 * pure; `server/llm/` and `server/agents/` build the real ones (see node-services.ts).
 */
import type { RunId } from './graph';
import type { BudgetAlertNotice } from './ports';

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** `json` with a schema asks for structured output; without one, for any JSON object. */
export type LlmResponseFormat = { type: 'text' } | { type: 'json'; schema?: Record<string, unknown> };

export interface LlmRequest {
  runId: RunId;
  model: string;
  messages: readonly LlmMessage[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  responseFormat: LlmResponseFormat;
  /** Aborts the HTTP request (and its stream) on timeout or cancel. */
  signal: AbortSignal;
  /** Called with each streamed text delta, in order. */
  onDelta?(text: string): void;
}

export interface LlmResponse {
  text: string;
  /** The model that answered (providers may name a dated snapshot of the requested one). */
  model: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  latencyMs: number;
  /** `length` when the answer was cut at maxTokens (a likely cause of invalid JSON). */
  finishReason?: string;
  /** The provider reported no usage: the tokens were counted locally, then priced. */
  isEstimated?: boolean;
  /** Budget limits this call's usage crossed (the budget guard adds them). */
  budgetAlerts?: readonly BudgetAlertNotice[];
}

/** Throws NodeError: retryable for 429, 5xx and network failures; not for 400/401/404. */
export interface LlmPort {
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/** The traits of one version of a team agent, as an `llm` step uses them. */
export interface AgentProfile {
  id: string;
  version: number;
  name: string;
  model: string;
  systemPrompt: string;
  temperature: number;
  topP?: number;
  maxTokens?: number;
}

export interface AgentLookup {
  /** The current version of a live (not archived) agent of the run's team; undefined when there is none. */
  get(runId: RunId, agentId: string): Promise<AgentProfile | undefined>;
}
