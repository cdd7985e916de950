/**
 * The `llm` node through the engine and the real database, talking over HTTP to the mock OpenAI server:
 * usage and cost land in StepRun, JSON is validated, transient errors are retried and others are not,
 * and a timeout or a cancel really closes the HTTP stream.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@/test/db';
import { makeGraph } from '@/server/engine/testing/make-graph';
import type { RunId } from '@/server/engine/graph';
import { startMockOpenAi, type MockOpenAiServer } from '@/test/openai-mock/server';
import { llmRuntime, makeLlmTeam, runGraph } from '@/test/openai-mock/fixtures';
import { makeMasteryWithGraph } from '@/test/api';

let mock: MockOpenAiServer;
beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
});
afterAll(() => mock.close());

const fastRetry = { retry: { maxAttempts: 3, initialDelayMs: 40, multiplier: 2, maxDelayMs: 200 } };

function llmGraph(config: Record<string, unknown>, policy?: Record<string, unknown>) {
  return makeGraph({
    nodes: [
      { id: 'input', type: 'input' },
      { id: 'ask', type: 'llm', config, policy },
      { id: 'result', type: 'output', config: { result: '{{ steps.ask.output }}' } },
    ],
    edges: ['input->ask', 'ask->result'],
  });
}

describeEachDb('llm node', (getDb) => {
  const provider = () => ({ apiKey: 'sk-test', baseURL: mock.url });

  it('answers through an agent, streams tokens, and records model, agent version, tokens and cost', async () => {
    const db = getDb().client;
    const { team, agent } = await makeLlmTeam(db, 'Llm ok');
    const runtime = llmRuntime(db, provider());
    // The delay lets the test subscribe to live events before the first token.
    mock.enqueue({ kind: 'text', text: 'Paris is the capital of France.', delayMs: 150 });
    const partials: unknown[] = [];
    const run = await runGraph(db, runtime, team, llmGraph({ agentId: agent.id, prompt: 'Capital of {{ input.country }}?', maxTokens: 50 }), { country: 'France' });
    runtime.events.subscribe(run.id as RunId, (event) => event.type === 'step.partial' && partials.push(event.chunk));
    expect(await run.untilAtRest()).toMatchObject({ status: 'SUCCEEDED', output: 'Paris is the capital of France.' });

    const request = mock.requests.at(-1);
    expect(request).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 50, stream: true });
    expect(request?.messages).toEqual([{ role: 'system', content: 'You are a precise analyst.' }, { role: 'user', content: 'Capital of France?' }]);
    const attempt = await db.stepRun.findFirstOrThrow({ where: { runId: run.id, nodeId: 'ask' } });
    expect(attempt).toMatchObject({ status: 'SUCCEEDED', model: 'gpt-4o-mini', agentId: agent.id, agentVersion: 1, tokensOut: 8 });
    expect(attempt.tokensIn).toBeGreaterThan(0);
    const stored = await run.get();
    expect(stored.tokensOut).toBe(8);
    expect(partials).toEqual(['Paris ', 'is ', 'the ', 'capital ', 'of ', 'France.'].map((delta) => ({ delta })));
  });

  it("prices the call at the team's price", async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm priced');
    await team.as('OWNER').prices.save({ model: 'priced-model', inputPerMTok: 50_000, outputPerMTok: 100_000 });
    mock.enqueue({ kind: 'text', text: 'abcdefgh' });
    const run = await runGraph(db, llmRuntime(db, provider()), team, llmGraph({ model: 'priced-model', prompt: 'twelve chars' }));
    await run.untilAtRest();
    const attempt = await db.stepRun.findFirstOrThrow({ where: { runId: run.id, nodeId: 'ask' } });
    // 0.05 $ per input token and 0.1 $ per output token: the cost is exactly (tokensIn + 2 × tokensOut) / 20.
    expect(attempt).toMatchObject({ model: 'priced-model', tokensOut: 2, agentId: null });
    expect(attempt.costUsd).toBeCloseTo((attempt.tokensIn + 2 * attempt.tokensOut) / 20);
    expect((await run.get()).costUsd).toBeCloseTo(attempt.costUsd);
  });

  it('asks for structured output and returns the validated JSON object', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm json');
    const jsonSchema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] };
    mock.enqueue({ kind: 'json', value: { city: 'Paris', population: 2_100_000 } });
    const run = await runGraph(db, llmRuntime(db, provider()), team, llmGraph({ model: 'gpt-4o', prompt: 'Biggest French city', responseFormat: 'json', jsonSchema }));
    expect(await run.untilAtRest()).toMatchObject({ status: 'SUCCEEDED', output: { city: 'Paris', population: 2_100_000 } });
    expect(mock.requests.at(-1)?.response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: jsonSchema } });
  });

  it('refuses an answer that is not valid JSON, or not of the schema, without retrying', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm bad json');
    const runtime = llmRuntime(db, provider());
    mock.enqueue({ kind: 'text', text: 'Sure! Here is {"city": "Paris"' });
    const broken = await runGraph(db, runtime, team, llmGraph({ model: 'gpt-4o', prompt: 'x', responseFormat: 'json' }, fastRetry));
    const failed = await broken.untilAtRest();
    expect(failed.error).toMatchObject({ code: 'LLM_OUTPUT_INVALID', nodeId: 'ask' });
    expect(failed.error?.message).toMatch(/Node "ask" \(llm\): the model's answer is not valid JSON.*Sure! Here is/);
    expect(await db.stepRun.count({ where: { runId: broken.id, nodeId: 'ask' } })).toBe(1);

    mock.enqueue({ kind: 'json', value: { city: 7 } });
    const wrong = await runGraph(db, runtime, team, llmGraph({ model: 'gpt-4o', prompt: 'x', responseFormat: 'json', jsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }));
    const mismatch = await wrong.untilAtRest();
    expect(mismatch.error).toMatchObject({ code: 'LLM_OUTPUT_INVALID' });
    expect(mismatch.error?.message).toContain('output.city');
  });

  it('retries a 429 and a 503 with backoff and succeeds on attempt 3', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm retry');
    mock.enqueue({ kind: 'error', status: 429, message: 'Rate limit reached' }, { kind: 'error', status: 503 }, { kind: 'text', text: 'finally' });
    const run = await runGraph(db, llmRuntime(db, provider()), team, llmGraph({ model: 'gpt-4o-mini', prompt: 'x' }, fastRetry));
    expect(await run.untilAtRest()).toMatchObject({ status: 'SUCCEEDED', output: 'finally' });
    const attempts = await db.stepRun.findMany({ where: { runId: run.id, nodeId: 'ask' }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((a) => [a.attempt, a.status, (a.error as { code?: string } | null)?.code ?? null])).toEqual([
      [1, 'FAILED', 'LLM_RATE_LIMITED'],
      [2, 'FAILED', 'LLM_UNAVAILABLE'],
      [3, 'SUCCEEDED', null],
    ]);
    expect((attempts[0]?.error as { message: string }).message).toContain('429');
    const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: 'asc' } });
    const delays = events.flatMap((e) => {
      const p = e.payload as { status?: string; delayMs?: number };
      return p.status === 'RETRYING' ? [p.delayMs] : [];
    });
    expect(delays).toHaveLength(2);
    expect(delays[1]).toBeGreaterThan(delays[0] ?? Infinity);
  });

  it('does not retry a 401 and says to check OPENAI_API_KEY', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm 401');
    const before = mock.requests.length;
    const wrongKey = llmRuntime(db, { apiKey: 'sk-wrong', baseURL: mock.url });
    const run = await runGraph(db, wrongKey, team, llmGraph({ model: 'gpt-4o-mini', prompt: 'x' }, fastRetry));
    const failed = await run.untilAtRest();
    expect(failed.error).toMatchObject({ code: 'LLM_REQUEST_REJECTED' });
    expect(failed.error?.message).toMatch(/answered 401.*OPENAI_API_KEY/);
    expect(await db.stepRun.count({ where: { runId: run.id, nodeId: 'ask' } })).toBe(1);
    expect(mock.requests.length).toBe(before);
  });

  it('closes the HTTP stream when the step times out mid-stream', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm timeout');
    mock.enqueue({ kind: 'text', text: 'word '.repeat(50), chunkDelayMs: 100 });
    const aborted = mock.nextAbort();
    const run = await runGraph(db, llmRuntime(db, provider()), team, llmGraph({ model: 'gpt-4o-mini', prompt: 'slow timeout' }, { timeoutMs: 400 }));
    expect((await run.untilAtRest()).error).toMatchObject({ code: 'NODE_TIMEOUT', nodeId: 'ask' });
    expect((await aborted).messages.at(-1)).toMatchObject({ content: 'slow timeout' });
  });

  it('closes the HTTP stream when the run is cancelled mid-stream', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm cancel');
    mock.enqueue({ kind: 'text', text: 'word '.repeat(50), chunkDelayMs: 100 });
    const aborted = mock.nextAbort();
    const runtime = llmRuntime(db, provider());
    const run = await runGraph(db, runtime, team, llmGraph({ model: 'gpt-4o-mini', prompt: 'slow cancel' }));
    while (mock.requests.at(-1)?.messages.at(-1)?.content !== 'slow cancel') await new Promise((r) => setTimeout(r, 20));
    await run.editor.runs.cancel({ id: run.id });
    expect((await aborted).messages.at(-1)).toMatchObject({ content: 'slow cancel' });
    expect((await run.get()).steps.find((s) => s.nodeId === 'ask')?.status).toBe('CANCELLED');
  });

  it('fails with LLM_NOT_CONFIGURED naming the variables when no provider is set, while other steps work', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm none');
    const graph = makeGraph({
      nodes: [
        { id: 'input', type: 'input' },
        { id: 'ask', type: 'llm', config: { model: 'gpt-4o-mini', prompt: 'x' }, policy: { ...fastRetry, continueOnFailure: true } },
        { id: 'sum', type: 'transform', config: { expression: '1 + 2' } },
        { id: 'result', type: 'output', config: { result: '{{ steps.sum.output }}' } },
      ],
      edges: ['input->ask', 'input->sum', 'sum->result'],
    });
    const run = await runGraph(db, llmRuntime(db, undefined), team, graph);
    expect(await run.untilAtRest()).toMatchObject({ status: 'SUCCEEDED', output: 3 });
    const ask = (await run.get()).steps.find((s) => s.nodeId === 'ask');
    expect(ask).toMatchObject({ status: 'FAILED', attempt: 1, error: { code: 'LLM_NOT_CONFIGURED', retryable: false } });
    expect(JSON.stringify(ask?.error)).toMatch(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });

  it('refuses a config with neither agent nor model, naming the field', async () => {
    const db = getDb().client;
    const { team } = await makeLlmTeam(db, 'Llm config');
    const { masteryId } = await makeMasteryWithGraph(db, team.id, llmGraph({ prompt: 'x' }));
    await expect(team.as('EDITOR').runs.start({ masteryId, input: {} })).rejects.toThrow(/config\.model.*choose an agent or set a model/);
  });
});
