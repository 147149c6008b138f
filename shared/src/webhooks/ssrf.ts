import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent: never to a private, loopback, link-local, multicast or otherwise
 * non-public address (the metadata service at 169.254.169.254, the pod network, the database…),
 * whatever the URL spells (an IP literal, an IPv4-mapped IPv6 address, a name resolving to one),
 * unless the allow-list (WEBHOOK_ALLOWED_HOSTS: comma-separated host names or IP addresses) names
 * the host or the address. Every address a name resolves to is checked, and the connection is made
 * to a checked address (`resolveTarget`), so a name cannot resolve differently between the check
 * and the connection.
 */

const refusedV4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const refusedV6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64 (embeds an IPv4 address)
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID…)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [net, prefix] of refusedV4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of refusedV6) blocked.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) stands for. */
function mappedV4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted =
    /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ??
    /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Strips the brackets of an IPv6 URL host (`[::1]`) and a zone id (`fe80::1%eth0`). */
const bareAddress = (host: string): string => host.replace(/^\[|\]$/g, '').replace(/%.*$/, '');

/** Whether an IP address is one webhooks never reach (without an allow-list entry). */
export function isRefusedAddress(address: string): boolean {
  const bare = bareAddress(address);
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family !== 6) return true; // not an address at all: refused, never guessed
  const v4 = mappedV4(bare);
  if (v4) return isIP(v4) !== 4 || blocked.check(v4, 'ipv4');
  return blocked.check(bare, 'ipv6');
}

export interface TargetPolicy {
  /** Host names and IP addresses reachable even if refused otherwise (tests: 127.0.0.1). */
  allowedHosts?: readonly string[];
  /** Name resolution (injected by tests); default: the system resolver, every address. */
  resolve?: (host: string) => Promise<{ address: string; family: number }[]>;
}

/** WEBHOOK_ALLOWED_HOSTS, parsed. */
export const allowedHostsFromEnv = (env: NodeJS.ProcessEnv = process.env): string[] =>
  (env.WEBHOOK_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((host) => bareAddress(host.trim().toLowerCase()))
    .filter(Boolean);

export class RefusedTargetError extends Error {
  override name = 'RefusedTarget';
}

const systemResolve = async (host: string) => dnsLookup(host, { all: true, verbatim: true });

/**
 * The address to connect to for `host`: the host itself when it is an IP literal, else every
 * address it resolves to must be allowed, and the first is used. Throws RefusedTargetError.
 */
export async function resolveTarget(
  host: string,
  policy: TargetPolicy = {},
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = bareAddress(host.toLowerCase());
  const allowed = new Set((policy.allowedHosts ?? []).map((entry) => bareAddress(entry.toLowerCase())));
  const permitted = (address: string) =>
    allowed.has(bare) || allowed.has(address.toLowerCase()) || !isRefusedAddress(address);
  if (isIP(bare)) {
    if (!permitted(bare)) throw new RefusedTargetError(`Address ${bare} is not a public address`);
    return { address: bare, family: isIP(bare) as 4 | 6 };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await (policy.resolve ?? systemResolve)(bare);
  } catch (error) {
    throw new RefusedTargetError(`Host ${bare} does not resolve (${(error as Error).message})`);
  }
  if (addresses.length === 0) throw new RefusedTargetError(`Host ${bare} does not resolve`);
  const refused = addresses.find((entry) => !permitted(entry.address));
  if (refused)
    throw new RefusedTargetError(`Host ${bare} resolves to ${refused.address}, not a public address`);
  const first = addresses[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
