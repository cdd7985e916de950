/**
 * Turns a URL's host into the one address the connection will use, after checking it. Every address the
 * name resolves to is checked (not only the first): a name with one public and one private address
 * would otherwise let the system resolver pick the private one on the connection's own lookup.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { PrivateNetworkAccess, ResolvedAddress } from '@/server/engine/node-services';
import { classifyAddress, describeAddress, isLocalhostName } from './address-policy';
import { isAppDemoEndpoint } from './demo-endpoint';
import { AddressRefusedError, NetworkError } from './errors';
import { rangesInclude } from './private-network-setting';

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface TargetPolicy {
  privateNetwork: PrivateNetworkAccess;
  /** The app's own origin, whose demo endpoints are reached on any address (demo-endpoint.ts). */
  appOrigin?: string;
  lookup?: HostLookup;
}

function allowsPrivate(access: PrivateNetworkAccess, address: string): boolean {
  if (access.addresses === 'all') return true;
  return access.addresses === 'ranges' && rangesInclude(access.ranges, address);
}

/** Why a private address was refused, and who could change that. */
function refusalHint(access: PrivateNetworkAccess): string {
  if (access.addresses === 'ranges') return 'it is outside the private ranges this installation allows (ALLOW_PRIVATE_NETWORK)';
  if (access.addresses === 'none' && access.closedBy === 'team') return 'a team owner can allow private networks for the team';
  return 'this installation lets no http step reach private addresses (ALLOW_PRIVATE_NETWORK)';
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
  const isDemo = isAppDemoEndpoint(url, policy.appOrigin);
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind === 'public' || (kind === 'private' && (isDemo || allowsPrivate(policy.privateNetwork, address)))) continue;
    const hint = kind === 'private' ? ` (${refusalHint(policy.privateNetwork)})` : '';
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
