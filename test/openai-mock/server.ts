/**
 * A small OpenAI-compatible HTTP server for tests and local development, so nothing reaches the
 * internet: `POST /v1/chat/completions` (plain and streamed, with the final usage chunk, structured
 * output) and `GET /v1/models`. Tests script the replies (a queue: text, JSON, HTTP errors, delays) and
 * can see every request and every connection a client closed before the answer was complete.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatRequestSchema, countTokens, messageText, promptTokens, sampleFromSchema, splitIntoDeltas, type ChatRequest } from './protocol';

export type MockReply =
  /** `chunkDelayMs` between streamed pieces: long ones keep a stream open for cancel and timeout tests. */
  /** `withoutUsage`: the stream ends without the usage chunk, as some OpenAI-compatible servers do. */
  | { kind: 'text'; text: string; delayMs?: number; chunkDelayMs?: number; finishReason?: 'stop' | 'length'; withoutUsage?: boolean }
  | { kind: 'json'; value: unknown; delayMs?: number; chunkDelayMs?: number }
  | { kind: 'error'; status: number; message?: string; delayMs?: number };

export interface MockOpenAiOptions {
  port?: number;
  host?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401, as from OpenAI. */
  apiKey?: string;
  models?: readonly string[];
  /**
   * Pause between the streamed pieces of the made-up answer (nothing scripted), so a person or a browser
   * test can watch the text arrive; 0 (the default) streams it at once. Scripted replies set their own.
   */
  defaultChunkDelayMs?: number;
}

export interface MockOpenAiServer {
  /** The base URL to give the client (OPENAI_BASE_URL), ending in `/v1`. */
  url: string;
  /** Replies for the next requests, in order; when the queue is empty a default answer is made up. */
  enqueue(...replies: MockReply[]): void;
  /** Every chat request received, parsed. */
  readonly requests: ChatRequest[];
  /** Requests whose client closed the connection before the answer was complete. */
  readonly aborted: ChatRequest[];
  /** Resolves at the next aborted request (or at once if one happened since the last call). */
  nextAbort(): Promise<ChatRequest>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, code: type, param: null } };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The made-up answer when a test scripted none: JSON that fits the schema, or a short brief. */
function defaultReply(request: ChatRequest, chunkDelayMs: number): MockReply {
  const format = request.response_format;
  if (format?.type === 'json_schema') return { kind: 'json', value: sampleFromSchema(format.json_schema.schema), chunkDelayMs };
  if (format?.type === 'json_object') return { kind: 'json', value: { answer: 'mock' }, chunkDelayMs };
  const last = request.messages.at(-1);
  // Line breaks kept, so a prompt written in Markdown comes back as Markdown (headings and lists render).
  const prompt = last ? messageText(last).replace(/[ \t]+/g, ' ').trim().slice(0, 240) : '';
  return { kind: 'text', text: `Mock answer from ${request.model}. You asked:\n\n${prompt}\n\nHere are the main points, in brief.`, chunkDelayMs };
}

export async function startMockOpenAi(options: MockOpenAiOptions = {}): Promise<MockOpenAiServer> {
  const queue: MockReply[] = [];
  const requests: ChatRequest[] = [];
  const aborted: ChatRequest[] = [];
  // nextAbort() hands out aborted requests in order: `seen` of them were handed out already.
  let seen = 0;
  const abortWaiters: ((request: ChatRequest) => void)[] = [];
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o', 'mock-model'];

  function recordAbort(request: ChatRequest): void {
    aborted.push(request);
    const waiter = abortWaiters.shift();
    if (waiter === undefined) return;
    seen += 1;
    waiter(request);
  }

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = chatRequestSchema.safeParse(await readBody(req).catch(() => undefined));
    if (!parsed.success) return sendJson(res, 400, errorBody(400, `Invalid request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    const request = parsed.data;
    requests.push(request);
    // The connection closing before we ended the answer is exactly what an aborted client does.
    let isFinished = false;
    res.on('close', () => {
      if (!isFinished) recordAbort(request);
    });
    const reply = queue.shift() ?? defaultReply(request, options.defaultChunkDelayMs ?? 0);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.kind === 'error') {
      isFinished = true;
      return sendJson(res, reply.status, errorBody(reply.status, reply.message ?? `Mock error ${reply.status}`));
    }
    const text = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.text;
    const finishReason = reply.kind === 'text' ? (reply.finishReason ?? 'stop') : 'stop';
    const usage = { prompt_tokens: promptTokens(request), completion_tokens: countTokens(text), total_tokens: 0 };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const base = { id: `chatcmpl-mock-${requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
    if (!request.stream) {
      isFinished = true;
      const message = { role: 'assistant', content: text, refusal: null };
      return sendJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (body: unknown) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...(body as object) })}\n\n`);
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const delta of splitIntoDeltas(text)) {
      if (res.destroyed) return;
      send({ choices: [{ index: 0, delta: { content: delta }, finish_reason: null }] });
      if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    }
    if (res.destroyed) return;
    send({ choices: [{ index: 0, delta: {}, finish_reason: finishReason }] });
    const isUsageSent = request.stream_options?.include_usage === true && !(reply.kind === 'text' && reply.withoutUsage === true);
    if (isUsageSent) send({ choices: [], usage });
    isFinished = true;
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, errorBody(401, 'Incorrect API key provided'));
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' })) });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      chat(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, errorBody(500, error instanceof Error ? error.message : String(error)));
        else res.destroy();
      });
      return;
    }
    sendJson(res, 404, errorBody(404, `No route ${req.method ?? ''} ${path}`));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    enqueue: (...replies) => void queue.push(...replies),
    requests,
    aborted,
    nextAbort() {
      const pending = aborted[seen];
      if (pending !== undefined) {
        seen += 1;
        return Promise.resolve(pending);
      }
      return new Promise((resolve) => abortWaiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
