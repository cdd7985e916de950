/** The mock server speaks enough of the OpenAI API for the real `openai` client, over HTTP. */
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAi, type MockOpenAiServer } from './server';

let mock: MockOpenAiServer;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockOpenAi({ apiKey: 'sk-test' });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('mock OpenAI server', () => {
  it('answers a plain completion with the scripted text and usage counts', async () => {
    mock.enqueue({ kind: 'text', text: 'Hello there, friend.' });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('Say hello') });
    expect(answer.choices[0]?.message.content).toBe('Hello there, friend.');
    expect(answer.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    expect(mock.requests.at(-1)).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('streams the text in pieces and ends with a usage chunk when asked', async () => {
    mock.enqueue({ kind: 'text', text: 'one two three four' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: ask('count'), stream: true, stream_options: { include_usage: true } });
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) deltas.push(delta);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toEqual(['one ', 'two ', 'three ', 'four']);
    expect(usage).toMatchObject({ completion_tokens: 5 });
  });

  it('answers structured output with JSON that fits the schema when nothing was scripted', async () => {
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: ask('rate it'),
      response_format: { type: 'json_schema', json_schema: { name: 'rating', schema: { type: 'object', properties: { score: { type: 'integer', minimum: 3 }, tags: { type: 'array', items: { type: 'string' } } } } } },
    });
    expect(JSON.parse(answer.choices[0]?.message.content ?? '')).toEqual({ score: 3, tags: ['mock'] });
  });

  it('paces the streamed pieces of the made-up answer by defaultChunkDelayMs', async () => {
    const paced = await startMockOpenAi({ defaultChunkDelayMs: 10 });
    try {
      const pacedClient = new OpenAI({ apiKey: 'sk-any', baseURL: paced.url, maxRetries: 0 });
      const stream = await pacedClient.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('pace it'), stream: true });
      const arrivals: number[] = [];
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.content;
        if (!delta) continue;
        arrivals.push(performance.now());
        text += delta;
      }
      expect(text).toContain('Mock answer from gpt-4o-mini');
      // A lower bound only (timers never fire much early); an upper one would fail on a busy machine.
      const elapsed = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
      expect(elapsed).toBeGreaterThanOrEqual((arrivals.length - 1) * 10 * 0.8);
    } finally {
      await paced.close();
    }
  });

  it('returns scripted HTTP errors with an OpenAI error body, then recovers', async () => {
    mock.enqueue({ kind: 'error', status: 429, message: 'Slow down' }, { kind: 'error', status: 500 });
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('x') }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(APIError);
    expect(first).toMatchObject({ status: 429, error: { message: 'Slow down' } });
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('x') })).rejects.toMatchObject({ status: 500 });
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('x') })).resolves.toBeDefined();
  });

  it('refuses a wrong API key with 401 and an invalid request with 400', async () => {
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: mock.url, maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401 });
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).rejects.toMatchObject({ status: 400 });
  });

  it('lists its models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('gpt-4o-mini');
  });

  it('sees the connection close when the client aborts a stream midway', async () => {
    mock.enqueue({ kind: 'text', text: 'a b c d e f g h', chunkDelayMs: 200 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('slow'), stream: true }, { signal: controller.signal });
    const aborted = mock.nextAbort();
    const reading = (async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content === 'b ') controller.abort();
    })();
    // The SDK may end the iteration quietly or throw on abort; either way the connection must close.
    await reading.catch(() => undefined);
    expect((await aborted).messages[0]).toMatchObject({ content: 'slow' });
  });
});
