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
    const sendText = (status: number, body: string, type = 'text/plain') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
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
      // Echoes of the request line as servers write them: in an error text, as is, with lower-case hex, in HTML.
      if (route === 'fail') return sendText(400, `Bad request to ${req.url ?? ''}`);
      if (route === 'said') return sendText(200, url.searchParams.has('lower') ? (req.url ?? '').replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) : (req.url ?? ''));
      if (route === 'html') return sendText(404, `<pre>Cannot GET ${escapeLikeExpress(decodeURIComponent(url.pathname))}</pre>`, 'text/html');
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

/** Escapes `&`, `<` and `"` but leaves `>`, as some error pages do. */
function escapeLikeExpress(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
