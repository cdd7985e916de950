/**
 * The tRPC endpoint over HTTP, as the route handler serves it: one place that caps the request body
 * before tRPC reads it. Next route handlers impose no limit of their own, so without this a client could
 * make the server buffer and parse a body of any size.
 */
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from './root';
import type { Context } from './trpc';

/** 2 MB: a 2,000-step graph is about 1 MB of JSON, and run inputs are capped at 1 MB. */
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

const tooLarge = (detail: string) =>
  new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `The request body ${detail}; the API accepts at most ${MAX_REQUEST_BYTES} bytes (2 MB)` });

/**
 * The body as tRPC will read it: refused at once when Content-Length declares too much, otherwise
 * counted as it streams and cut off at the limit (a chunked or lying client is stopped there). tRPC
 * answers the error as 413 in its usual shape, so the browser client shows the message.
 */
export function limitRequestBody(req: Request, maxBytes: number = MAX_REQUEST_BYTES): Request {
  if (req.body === null) return req;
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  const source = req.body;
  let body: ReadableStream<Uint8Array>;
  // The client's body is left unread rather than cancelled: cancelling it tears down the connection
  // before the 413 can be sent. The answer closes the connection instead (see createTrpcHandler).
  if (Number.isFinite(declared) && declared > maxBytes) {
    body = new ReadableStream({ start: (controller) => controller.error(tooLarge(`declares ${declared} bytes`)) });
  } else {
    let received = 0;
    body = source.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          if (received > maxBytes) controller.error(tooLarge(`passed ${maxBytes} bytes`));
          else controller.enqueue(chunk);
        },
      }),
      { preventCancel: true },
    );
  }
  return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal, duplex: 'half' } as RequestInit);
}

export type RequestContextFactory = (req: Request, resHeaders: Headers) => Promise<Context>;

export function createTrpcHandler(createContext: RequestContextFactory): (req: Request) => Promise<Response> {
  return async (req) => {
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: limitRequestBody(req),
      router: appRouter,
      createContext: ({ resHeaders }) => createContext(req, resHeaders),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
      },
    });
    // The rest of a refused body is not worth receiving: the connection closes after the answer.
    if (response.status === 413) response.headers.set('connection', 'close');
    return response;
  };
}
