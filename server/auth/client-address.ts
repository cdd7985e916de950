/**
 * The client address that sign-in and sign-up limits count against.
 *
 * App Router handlers never see the socket; `next start` passes the connection's address in
 * X-Forwarded-For, but only when the request did not bring that header itself. So:
 * - TRUST_PROXY_HOPS=0 (the app is reached directly): the last entry is used. That is the connection's
 *   address unless the client wrote the header, in which case it picks its own key — the per-address
 *   limit then slows only honest clients, and the per-email limit, which no header can change, is what
 *   holds. X-Real-IP is never read: without a proxy that sets it, it is whatever the client wrote.
 * - TRUST_PROXY_HOPS=n: each of the n proxies appended the address it saw, so the n-th entry from the
 *   right is the one the outermost trusted proxy saw; entries left of it are the client's own words.
 *
 * IPv6 addresses count per /64, the block one subscriber usually holds, so a client cannot step through
 * its own addresses to reset the count.
 */
import { isIP } from 'node:net';

export const UNKNOWN_ADDRESS = 'unknown';

export function clientAddress(forwardedFor: string | null | undefined, trustedHops: number): string {
  const entries = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return UNKNOWN_ADDRESS;
  const index = trustedHops === 0 ? entries.length - 1 : Math.max(0, entries.length - trustedHops);
  return addressKey(entries[index] ?? '');
}

/** One address as a limit key: without port or zone, IPv4-mapped IPv6 as IPv4, other IPv6 as its /64. */
export function addressKey(entry: string): string {
  const bare = stripPort(entry).replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  const address = mapped ?? bare;
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return ipv6Prefix64(address);
    default:
      return UNKNOWN_ADDRESS;
  }
}

function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4WithPort?.[1] ?? entry;
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const front = groups(head);
  // `::` stands for the missing zero groups; only the first four are kept, which an embedded IPv4 tail
  // (counted here as one group, though it fills two) never reaches.
  const filled = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - groups(tail).length).fill('0')];
  const prefix = [...filled, '0', '0', '0', '0'].slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
