/**
 * Which IP addresses an `http` step may reach. Everything that is not on the public internet
 * is refused unless the installation and the team allow it (resolve-target.ts); cloud metadata endpoints are refused always: no
 * legitimate mastery needs them, and they hand out the machine's cloud credentials.
 *
 * node:net's BlockList compares parsed addresses, so every spelling of an address (and IPv4-mapped IPv6,
 * `::ffff:127.0.0.1`) matches its range; the URL parser has already turned `127.1`, `2130706433` and
 * `0x7f.1` into dotted quads.
 */
import { BlockList, isIP } from 'node:net';

export type AddressKind = 'public' | 'private' | 'metadata';

type Range = readonly [address: string, prefix: number, label: string];

const PRIVATE_V4: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const PRIVATE_V6: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // IPv4-compatible (deprecated) and NAT64 addresses embed an IPv4 address that may be private.
  ['::', 96, 'IPv4-compatible'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** AWS/GCP/Azure/OpenStack (169.254.169.254), AWS IPv6 (fd00:ec2::254), Alibaba (100.100.100.200), Oracle (192.0.0.192). */
const METADATA: readonly string[] = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192', '169.254.170.2'];

const privateList = new BlockList();
const labels: Array<{ list: BlockList; label: string }> = [];
for (const [address, prefix, label] of PRIVATE_V4) add(address, prefix, 'ipv4', label);
for (const [address, prefix, label] of PRIVATE_V6) add(address, prefix, 'ipv6', label);
const metadataList = new BlockList();
for (const address of METADATA) metadataList.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

function add(address: string, prefix: number, family: 'ipv4' | 'ipv6', label: string): void {
  privateList.addSubnet(address, prefix, family);
  const single = new BlockList();
  single.addSubnet(address, prefix, family);
  labels.push({ list: single, label });
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`"${address}" is not an IP address`);
  return family === 4 ? 'ipv4' : 'ipv6';
}

export function classifyAddress(address: string): AddressKind {
  const family = familyOf(address);
  if (metadataList.check(address, family)) return 'metadata';
  return privateList.check(address, family) ? 'private' : 'public';
}

/** A short reason for messages: "loopback", "link-local"… */
export function describeAddress(address: string): string {
  const family = familyOf(address);
  if (metadataList.check(address, family)) return 'cloud metadata';
  return labels.find((entry) => entry.list.check(address, family))?.label ?? 'public';
}

/** Names that must mean this machine without asking DNS (RFC 6761), with or without the root dot. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
