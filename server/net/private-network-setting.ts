/**
 * ALLOW_PRIVATE_NETWORK: how far this installation lets http steps into private networks (loopback, LAN,
 * link-local…). A team's own switch can only narrow it: teams are made by anyone who signs up, so only
 * whoever runs the installation may open its private networks to them.
 */
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

export type PrivateNetworkSetting = { kind: 'none' } | { kind: 'all' } | { kind: 'ranges'; ranges: readonly string[] };

const NONE: PrivateNetworkSetting = { kind: 'none' };
const HINT = 'must be false, true, or a comma-separated list of IP addresses and CIDR ranges such as 10.0.0.0/8,192.168.1.20';

/** An address, or an address and a prefix length that fits its family. */
function isRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export const privateNetworkSettingSchema = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): PrivateNetworkSetting => {
    const text = (value ?? '').toLowerCase();
    if (text === '' || text === 'false' || text === '0') return NONE;
    if (text === 'true' || text === '1') return { kind: 'all' };
    const ranges = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    const bad = ranges.find((entry) => !isRange(entry));
    if (bad !== undefined || ranges.length === 0) {
      ctx.addIssue({ code: 'custom', message: bad === undefined ? HINT : `${HINT} ("${bad}" is neither)` });
      return z.NEVER;
    }
    return { kind: 'ranges', ranges };
  });

/** Whether `address` (a private one) lies within one of `ranges`. */
export function rangesInclude(ranges: readonly string[], address: string): boolean {
  const list = new BlockList();
  for (const range of ranges) {
    const [base = '', prefix] = range.split('/');
    const family = isIP(base) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(base, family);
    else list.addSubnet(base, Number(prefix), family);
  }
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Words for people: the Team settings page and refusals. */
export function describeSetting(setting: PrivateNetworkSetting): string {
  switch (setting.kind) {
    case 'none':
      return 'this installation lets no http step reach private addresses (ALLOW_PRIVATE_NETWORK is off)';
    case 'all':
      return 'this installation lets teams allow every private address (ALLOW_PRIVATE_NETWORK=true)';
    case 'ranges':
      return `this installation lets teams allow only ${setting.ranges.join(', ')} (ALLOW_PRIVATE_NETWORK)`;
    default: {
      const unhandled: never = setting;
      throw new Error(`unknown setting ${JSON.stringify(unhandled)}`);
    }
  }
}
