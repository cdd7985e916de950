/**
 * One HTTP(S) request whose connection goes to an address checked beforehand. The socket's `lookup`
 * answers with that address, so no second DNS query can swap in another one (DNS rebinding); the URL's
 * host name still names the request (Host header, TLS SNI and certificate check).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '@/server/engine/node-services';
import { NetworkError } from './errors';

export interface PinnedRequest {
  url: URL;
  address: ResolvedAddress;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  maxBytes: number;
  signal: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  // Node asks with `all: true` when it may try several addresses (autoSelectFamily): answer in both shapes.
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

const SOCKET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

export function sendPinned(req: PinnedRequest): Promise<RawResponse> {
  const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(req.url, {
      method: req.method,
      headers: req.headers,
      lookup: pinnedLookup(req.address),
      signal: req.signal,
      // Redirects are followed by the caller, one checked hop at a time.
      agent: false,
    });
    outgoing.on('error', (error) => reject(toNetworkError(error, req)));
    outgoing.on('response', (incoming) => {
      const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
      if (declared > req.maxBytes) {
        incoming.destroy();
        reject(tooLarge(req));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          // Stop reading at the limit: a huge or endless body must not fill the server's memory.
          incoming.destroy();
          reject(tooLarge(req));
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('error', (error) => reject(toNetworkError(error, req)));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
    });
    outgoing.end(req.body);
  });
}

function tooLarge(req: PinnedRequest): NetworkError {
  return new NetworkError('RESPONSE_TOO_LARGE', `the response is larger than ${req.maxBytes} bytes`, { retryable: false });
}

function toNetworkError(error: Error, req: PinnedRequest): Error {
  // An abort is the engine's doing (timeout or cancel): the step executor reports the signal's reason.
  if (req.signal.aborted) return error;
  // Node's messages name the address and port ("connect ECONNREFUSED 10.0.0.5:443"): keep only the code.
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const reason = code === undefined ? 'network error' : `${SOCKET_REASONS[code] ?? 'network error'} (${code})`;
  return new NetworkError('HTTP_NETWORK', `the request failed: ${reason}`, { retryable: true, cause: error });
}
