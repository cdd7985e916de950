/**
 * Turns a URL's host into the one address the connection will use, after checking it. Every address the
 * name resolves to is checked (not only the first): a name with one public and one private address
 * would otherwise let the system resolver pick the private one on the connection's own lookup.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ResolvedAddress } from '@/server/engine/node-services';
import { classifyAddress, describeAddress, isLocalhostName } from './address-policy';
import { AddressRefusedError, NetworkError } from './errors';

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TargetPolicy {
  allowsPrivateNetwork: boolean;
  lookup?: HostLookup;
}

export const systemLookup: HostLookup = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/** The URL's hostname without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** The checked address to pin for `url`; throws ADDRESS_REFUSED for a forbidden one. */
export async function resolveTarget(url: URL, policy: TargetPolicy): Promise<ResolvedAddress> {
  const host = bareHost(url);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else if (isLocalhostName(host)) addresses = [{ address: '127.0.0.1', family: 4 }];
  else addresses = await lookupHost(host, policy.lookup ?? systemLookup);
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'public' || (kind === 'private' && policy.allowsPrivateNetwork)) continue;
    const hint = kind === 'private' ? ' (a team owner can allow private networks for the team)' : '';
    throw new AddressRefusedError(address, describeAddress(address), hint);
  }
  const [first] = addresses;
  if (first === undefined) throw new NetworkError('HTTP_NETWORK', 'the host did not resolve to any address', { retryable: true });
  return first;
}

async function lookupHost(host: string, lookup: HostLookup): Promise<ResolvedAddress[]> {
  try {
    return await lookup(host);
  } catch (error) {
    // A failed lookup may be a passing DNS hiccup. Its message names the host: only its code is kept.
    throw new NetworkError('HTTP_NETWORK', `could not resolve the host${codeSuffix(error)}`, { retryable: true, cause: error });
  }
}

function codeSuffix(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}
