/** A local HTTP server on 127.0.0.1 for the http node's tests: echoes requests, scripts statuses, redirects, delays. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  port: number;
  base: string;
  /** Requests received, by path. */
  hits: string[];
  /** Requests received, as they arrived: path with query, headers and body. */
  requests: Array<{ url: string; headers: IncomingHttpHeaders; body: string }>;
  /** Requests whose connection closed before the answer was sent (aborted by the client). */
  aborted: string[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const hits: string[] = [];
  const requests: TestServer['requests'] = [];
  const aborted: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    hits.push(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    void readBody(req).then((body) => {
      requests.push({ url: req.url ?? '/', headers: req.headers, body });
      const echo = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
      const [, route, arg] = url.pathname.split('/');
      if (route === 'echo') return send(200, echo);
      if (route === 'status') return send(Number(arg), { error: `scripted ${arg}`, echo });
      if (route === 'redirect') return send(302, {}, { location: url.searchParams.get('to') ?? '/' });
      if (route === 'loop') return send(302, {}, { location: `/loop/${Number(arg) + 1}` });
      if (route === 'big') return send(200, { data: 'x'.repeat(Number(arg)) });
      if (route === 'text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('plain words');
      }
      if (route === 'slow') {
        res.on('close', () => {
          if (!res.writableEnded) aborted.push(url.pathname);
        });
        setTimeout(() => (res.writableEnded || res.destroyed ? undefined : send(200, { late: true })), Number(arg));
        return undefined;
      }
      return send(404, { error: 'no route' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    hits,
    requests,
    aborted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
