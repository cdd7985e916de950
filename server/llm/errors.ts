/**
 * Provider failures as typed step errors. What may pass on a second try (429, 5xx, a dropped or refused
 * connection, a provider timeout) is retryable, so the step's retry policy applies; what will fail the
 * same way again (400 bad request, 401 bad key, 403, 404 unknown model) is not.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { NodeError } from '@/server/errors';

function providerMessage(error: APIError): string {
  // The provider's own words ("model 'x' not found") say what to fix; the SDK prefixes the status.
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

export function classifyLlmError(error: unknown, context: { model: string; signal: AbortSignal }): unknown {
  // A timeout or cancel aborted the request: the engine reports the abort's own reason.
  if (context.signal.aborted) return context.signal.reason;
  if (error instanceof NodeError) return error;
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionError) {
    return new NodeError('LLM_UNAVAILABLE', `the LLM provider could not be reached (${error.message})`, { retryable: true, cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) return fromStatus(error.status, providerMessage(error), context.model, error);
  if (error instanceof Error) {
    // Sockets reset mid-stream surface as plain errors from fetch: transient by nature.
    return new NodeError('LLM_UNAVAILABLE', `the LLM stream broke off: ${error.message}`, { retryable: true, cause: error });
  }
  return new NodeError('LLM_UNAVAILABLE', `the LLM call failed: ${String(error)}`, { retryable: true });
}

function fromStatus(status: number, detail: string, model: string, cause: unknown): NodeError {
  if (status === 429) {
    return new NodeError('LLM_RATE_LIMITED', `the LLM provider answered 429 Too Many Requests (rate limit or quota): ${detail}`, { retryable: true, cause });
  }
  if (status >= 500 || status === 408 || status === 409) {
    return new NodeError('LLM_UNAVAILABLE', `the LLM provider answered ${status} (a provider-side failure): ${detail}`, { retryable: true, cause });
  }
  const hint = STATUS_HINTS[status] ?? 'the provider refused the request';
  return new NodeError('LLM_REQUEST_REJECTED', `the LLM provider answered ${status}: ${hint} (model "${model}"): ${detail}`, { retryable: false, cause });
}

const STATUS_HINTS: Readonly<Record<number, string>> = {
  400: 'the request is invalid (check the prompt, maxTokens and JSON schema)',
  401: 'the API key was refused (check OPENAI_API_KEY)',
  403: 'the API key may not use this model or endpoint',
  404: 'the model or endpoint does not exist (check the model name and OPENAI_BASE_URL)',
  413: 'the prompt is too large',
  422: 'the request is invalid',
};
