/**
 * A local HTTP server for the evolver's broken masteries: slow answers, endpoints that fail in a fixed
 * cycle (503, 429 or a dropped connection), one that refuses a second caller at once, and records with
 * null fields. Deterministic, so a replay meets the same behaviour as the run it replays.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureServer {
  base: string;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const rows = { rows: [1, 2, 3].map((id) => ({ id, value: id * 10 })) };
    const [, route, key = 'default'] = url.pathname.split('/');
    if (route === 'slow') {
      const timer = setTimeout(() => send(200, rows), Number(url.searchParams.get('ms') ?? 1000));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (route === 'cycle') {
      // Fails `fail` requests in a row, then answers one: a retried step gets through, a single try does not.
      const count = (hits.get(key) ?? 0) + 1;
      hits.set(key, count);
      const fail = Number(url.searchParams.get('fail') ?? 2);
      if (count % (fail + 1) !== 0) {
        if (url.searchParams.get('mode') === 'drop') return void req.socket.destroy();
        return send(Number(url.searchParams.get('status') ?? 503), { error: 'scripted failure' });
      }
      return send(200, rows);
    }
    if (route === 'limited') {
      // One caller at a time: a second concurrent request is rate limited.
      if (inFlight > 0) return send(429, { error: 'too many requests at once' });
      inFlight += 1;
      let isCounted = true;
      const release = () => {
        if (isCounted) inFlight -= 1;
        isCounted = false;
      };
      const timer = setTimeout(() => {
        release();
        send(200, rows);
      }, Number(url.searchParams.get('ms') ?? 200));
      res.on('close', () => {
        clearTimeout(timer);
        release();
      });
      return;
    }
    if (route === 'record') return send(200, { id: key, qty: null, price: 3, name: null });
    send(404, { error: 'no such fixture route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
