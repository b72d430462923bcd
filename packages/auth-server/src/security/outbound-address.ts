import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Config } from '../config/config.js';

/**
 * Where the server may send requests of its own (back-channel logout) and which URIs a client may
 * register. In production, addresses that reach the server's own network are refused (RFC 9700
 * §4.16 / OWASP SSRF): loopback, private, shared, link-local, multicast and reserved ranges, unless
 * the operator allow-lists a private network (ALLOW_PRIVATE_NETWORKS). Cloud metadata addresses are
 * refused everywhere, whatever the allow-list says. Development allows everything else, so
 * `*.localhost` and 127.0.0.1 receivers keep working.
 */
export interface OutboundPolicy {
  production: boolean;
  allowed: BlockList;
  /** DNS resolution; every address a name resolves to must pass. */
  resolve: (host: string) => Promise<string[]>;
}

export class OutboundAddressRefused extends Error {}

/** Instance metadata services: AWS/GCP/Azure/OpenStack, AWS over IPv6, Alibaba. */
const METADATA = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'];

const NOT_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network" (RFC 791)
  ['10.0.0.0', 8, 'ipv4'], // private (RFC 1918)
  ['100.64.0.0', 10, 'ipv4'], // shared address space (RFC 6598)
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local (RFC 3927), metadata services live here
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments (RFC 6890)
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'], // benchmarking (RFC 2544)
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['fc00::', 7, 'ipv6'], // unique local (RFC 4193)
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const notPublic = new BlockList();
for (const [net, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(net, prefix, family);
const metadata = new BlockList();
for (const ip of METADATA) metadata.addAddress(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** `::ffff:a.b.c.d` and NAT64 `64:ff9b::a.b.c.d` reach the embedded IPv4 address. */
function embeddedIpv4(ip: string): string | undefined {
  const m = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** Why `ip` may not be reached under `policy`, or undefined when it may. */
export function refusalFor(ip: string, policy: Pick<OutboundPolicy, 'production' | 'allowed'>): string | undefined {
  const v4 = embeddedIpv4(ip);
  if (v4) return refusalFor(v4, policy);
  const family = familyOf(ip);
  if (metadata.check(ip, family)) return 'a cloud metadata address';
  if (!policy.production || !notPublic.check(ip, family)) return undefined;
  if (policy.allowed.check(ip, family)) return undefined;
  return 'a loopback, private or link-local address (allow private networks with ALLOW_PRIVATE_NETWORKS)';
}

/** RFC 6761 §6.3: `localhost` and `*.localhost` always mean loopback, whatever DNS says. */
const LOCALHOST = /(^|\.)localhost\.?$/i;

/** IP literal of a URL host (`[::1]` unbracketed), or undefined for a name. */
function literal(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : undefined;
}

/**
 * Registration check, without DNS: a URI naming a refused address (or a `localhost` name) is
 * refused. Names are checked again, resolved, when the server sends to them.
 */
export function uriRefusal(uri: URL, policy: Pick<OutboundPolicy, 'production' | 'allowed'>): string | undefined {
  const ip = literal(uri.hostname) ?? (LOCALHOST.test(uri.hostname) ? '127.0.0.1' : undefined);
  return ip === undefined ? undefined : refusalFor(ip, policy);
}

/**
 * Delivery-time check: resolves the URI's host and throws OutboundAddressRefused unless every
 * address it resolves to may be reached. Call it right before sending.
 * (The HTTP client resolves again when it connects; a name whose DNS answer changes in between,
 * DNS rebinding, is not covered: see README, known limitations.)
 */
export async function checkOutboundAddress(uri: string, policy: OutboundPolicy): Promise<void> {
  const url = new URL(uri);
  const ip = literal(url.hostname);
  const addresses = ip ? [ip] : LOCALHOST.test(url.hostname) ? ['127.0.0.1'] : await policy.resolve(url.hostname);
  if (addresses.length === 0) throw new OutboundAddressRefused(`${url.hostname} does not resolve`);
  for (const address of addresses) {
    const why = refusalFor(address, policy);
    if (why) throw new OutboundAddressRefused(`${url.hostname} resolves to ${why}`);
  }
}

const resolveAll = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const policies = new WeakMap<object, OutboundPolicy>();

/** The policy a configuration asks for (built once per config object). */
export function outboundPolicy(config: Pick<Config, 'env' | 'allowPrivateNetworks'>): OutboundPolicy {
  let policy = policies.get(config);
  if (!policy) {
    policy = { production: config.env === 'production', allowed: allowList(config.allowPrivateNetworks), resolve: resolveAll };
    policies.set(config, policy);
  }
  return policy;
}

/** `10.0.0.0/8`, `fd00::/8` or a single address; throws on anything else (config validation). */
export function allowList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of networks) {
    const [net = '', prefix] = entry.split('/');
    const family = isIP(net);
    if (!family) throw new Error(`not an IP network: ${entry}`);
    const max = family === 6 ? 128 : 32;
    const bits = prefix === undefined ? max : Number(prefix);
    if (!/^\d{1,3}$/.test(prefix ?? String(max)) || bits > max) throw new Error(`bad prefix length: ${entry}`);
    list.addSubnet(net, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}
