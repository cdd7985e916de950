/**
 * The real tRPC endpoint over real HTTP, for tests of what only the wire shows: the transformer, the
 * request body cap, status codes. The server runs `createTrpcHandler` (what the route handler serves) with
 * a test identity in place of the session cookie; the client is the browser's own link and transformer.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { PrismaClient } from '@/server/generated/prisma/client';
import type { AppRouter } from '@/server/api/root';
import { createTrpcHandler } from '@/server/api/http-handler';
import { dataTransformer } from '@/server/api/transformer';
import type { Context } from '@/server/api/trpc';
import { runtimeFor } from './api';

export interface ApiServer {
  /** `http://127.0.0.1:<port>/api/trpc` */
  url: string;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null;
  return new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, body, duplex: 'half' } as RequestInit);
}

/** Serves a fetch-style handler (the tRPC route's) over node:http on a free port of 127.0.0.1. */
export async function serveOverHttp(handle: (request: Request) => Promise<Response>): Promise<{ origin: string; server: Server }> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const response = await handle(toRequest(req, origin));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body === null) return res.end();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server };
}

export async function startApiServer(db: PrismaClient, identity: { user: Context['user']; activeTeamId: string | null }): Promise<ApiServer> {
  const handle = createTrpcHandler(async () => ({
    db,
    runtime: () => runtimeFor(db),
    user: identity.user,
    clientAddress: '192.0.2.1',
    activeTeamId: identity.activeTeamId,
    setActiveTeam: () => undefined,
  }));
  const { origin, server } = await serveOverHttp(handle);
  const url = `${origin}/api/trpc`;
  return {
    url,
    client: createTRPCClient<AppRouter>({ links: [httpBatchLink({ url, transformer: dataTransformer })] }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The `data:` lines of a Server-Sent Events response, decoded with the shared transformer, until `until` says stop. */
export async function readEvents(response: Response, until: (data: unknown) => boolean): Promise<unknown[]> {
  const decoder = new TextDecoder();
  const seen: unknown[] = [];
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf('\n\n');
      const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
      if (data === '') continue;
      const decoded = dataTransformer.deserialize(JSON.parse(data));
      seen.push(decoded);
      if (until(decoded)) return seen;
    }
  }
  return seen;
}
