/**
 * An outgoing request under the network policy: the target is checked after DNS resolution and pinned,
 * and redirects are followed by hand so that every hop is checked the same way.
 */
import type { ResolvedAddress } from '@/server/engine/node-services';
import { NetworkError } from './errors';
import { sendPinned, type RawResponse } from './pinned-request';
import { resolveTarget, type TargetPolicy } from './resolve-target';

export const MAX_REDIRECTS = 5;

export interface GuardedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  maxBytes: number;
  signal: AbortSignal;
  policy: TargetPolicy;
}

export interface GuardedResponse extends RawResponse {
  /** The URL that answered (after redirects). */
  url: URL;
  address: ResolvedAddress;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Credentials are meant for the origin they were written for, not for wherever it redirects.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export async function guardedFetch(request: GuardedRequest): Promise<GuardedResponse> {
  let { url, method, headers, body } = request;
  for (let hop = 0; ; hop += 1) {
    assertHttpUrl(url);
    const address = await resolveTarget(url, request.policy);
    const response = await sendPinned({ url, address, method, headers, body, maxBytes: request.maxBytes, signal: request.signal });
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || location === undefined) return { ...response, url, address };
    if (hop >= MAX_REDIRECTS) {
      throw new NetworkError('HTTP_NETWORK', `redirected more than ${MAX_REDIRECTS} times`, { retryable: false });
    }
    const next = new URL(location, url);
    if (next.origin !== url.origin) headers = withoutOriginBound(headers);
    // 303, and 301/302 after a POST, turn into a GET without a body (what browsers do).
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

function assertHttpUrl(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NetworkError('BAD_INPUT', 'only http and https URLs are allowed', { retryable: false });
  }
  if (url.username !== '' || url.password !== '') {
    throw new NetworkError('BAD_INPUT', 'credentials in the URL are not allowed; send them in a header', { retryable: false });
  }
}

function withoutOriginBound(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name.toLowerCase())));
}
