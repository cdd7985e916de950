/** Error classification and pricing, on the SDK's own error classes and the provider's answers. */
import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { NodeError } from '@/server/errors';
import { classifyLlmError } from './errors';
import { costUsd } from './prices';
import { providerFromEnv } from './provider';

const live = { model: 'gpt-4o-mini', signal: new AbortController().signal };
const apiError = (status: number, message: string) => APIError.generate(status, { error: { message } }, message, new Headers());

function classify(error: unknown): NodeError {
  const result = classifyLlmError(error, live);
  if (!(result instanceof NodeError)) throw new Error('expected a NodeError');
  return result;
}

describe('LLM error classification', () => {
  it.each([
    [429, 'LLM_RATE_LIMITED', true],
    [500, 'LLM_UNAVAILABLE', true],
    [503, 'LLM_UNAVAILABLE', true],
    [400, 'LLM_REQUEST_REJECTED', false],
    [401, 'LLM_REQUEST_REJECTED', false],
    [404, 'LLM_REQUEST_REJECTED', false],
  ] as const)('status %i → %s, retryable %s, naming the status', (status, code, retryable) => {
    const error = classify(apiError(status, 'provider says no'));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(String(status));
    expect(error.message).toContain('provider says no');
  });

  it('treats a refused or dropped connection as transient', () => {
    expect(classify(new APIConnectionError({ message: 'Connection error.' }))).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true });
    expect(classify(new TypeError('terminated'))).toMatchObject({ code: 'LLM_UNAVAILABLE', retryable: true });
  });

  it("reports an aborted call by the abort's own reason (timeout or cancel)", () => {
    const controller = new AbortController();
    const reason = new NodeError('NODE_TIMEOUT', 'timed out', { retryable: true });
    controller.abort(reason);
    expect(classifyLlmError(new Error('aborted'), { model: 'm', signal: controller.signal })).toBe(reason);
  });
});

describe('LLM cost and provider', () => {
  it('prices tokens per million, and an unpriced model at zero', () => {
    expect(costUsd({ inputPerMTok: 0.15, outputPerMTok: 0.6 }, 1_000_000, 500_000)).toBeCloseTo(0.45);
    expect(costUsd(undefined, 1000, 1000)).toBe(0);
  });

  it('is configured by either variable; a base URL alone gets a placeholder key', () => {
    expect(providerFromEnv({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })).toBeUndefined();
    expect(providerFromEnv({ OPENAI_API_KEY: 'sk-1', OPENAI_BASE_URL: undefined })).toEqual({ apiKey: 'sk-1' });
    expect(providerFromEnv({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: 'http://localhost:11434/v1' })).toEqual({ apiKey: 'not-needed', baseURL: 'http://localhost:11434/v1' });
  });
});
