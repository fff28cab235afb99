// What kind of place an IP address is, and whether a request may go there.
import { formatIp, inPrefix, parseIpv4, parseIpv6, type IpBytes } from './ip.js';

/**
 * - `public`: anything routable on the internet (the documentation ranges 192.0.2/24,
 *   198.51.100/24, 203.0.113/24 and 2001:db8::/32 count as public: nothing answers there).
 * - `private`, `link-local`: the local network; reachable only with allowPrivateNetwork.
 * - `loopback`: this machine; see {@link addressAllowed}.
 * - `metadata`: a cloud instance-metadata endpoint; never reachable.
 * - `unspecified`, `broadcast`, `multicast`, `reserved`: never a server; never reachable.
 */
export type AddressKind =
  | 'public'
  | 'private'
  | 'link-local'
  | 'loopback'
  | 'metadata'
  | 'unspecified'
  | 'broadcast'
  | 'multicast'
  | 'reserved';

export interface AddressClass {
  readonly kind: AddressKind;
  /** Canonical text of the address classified. */
  readonly address: string;
  /** Human description of the range it fell in, e.g. "10.0.0.0/8 (private network)". */
  readonly range: string;
}

interface Range {
  readonly prefix: IpBytes;
  readonly bits: number;
  readonly kind: AddressKind;
  readonly label: string;
}

function range(cidr: string, kind: AddressKind, label: string): Range {
  const [text = '', bits = ''] = cidr.split('/');
  const prefix = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  if (prefix === null) throw new Error(`Bad range ${cidr}`);
  return { prefix, bits: Number(bits), kind, label: `${cidr} (${label})` };
}

/**
 * Instance-metadata services answer credentials to anyone who can reach them, so they are
 * refused whatever the options say. Checked before the ranges they sit in.
 */
const METADATA_RANGES: readonly Range[] = [
  range('169.254.169.254/32', 'metadata', 'cloud instance metadata: AWS, GCP, Azure, OCI, DigitalOcean…'),
  range('169.254.170.2/32', 'metadata', 'AWS ECS task metadata'),
  range('100.100.100.200/32', 'metadata', 'Alibaba Cloud metadata'),
  range('192.0.0.192/32', 'metadata', 'Oracle Cloud metadata'),
  range('168.63.129.16/32', 'metadata', 'Azure WireServer (VM agent configuration)'),
  range('fd00:ec2::254/128', 'metadata', 'AWS instance metadata over IPv6'),
  range('fd20:ce::254/128', 'metadata', 'GCP metadata over IPv6'),
];

const IPV4_RANGES: readonly Range[] = [
  range('0.0.0.0/8', 'unspecified', '"this network"; 0.0.0.0 reaches the local machine'),
  range('255.255.255.255/32', 'broadcast', 'broadcast'),
  range('127.0.0.0/8', 'loopback', 'loopback'),
  range('10.0.0.0/8', 'private', 'private network'),
  range('172.16.0.0/12', 'private', 'private network'),
  range('192.168.0.0/16', 'private', 'private network'),
  range('100.64.0.0/10', 'private', 'carrier-grade NAT shared space'),
  range('198.18.0.0/15', 'private', 'benchmarking network'),
  range('169.254.0.0/16', 'link-local', 'link-local'),
  range('192.0.0.0/24', 'reserved', 'IETF protocol assignments'),
  range('192.88.99.0/24', 'reserved', 'former 6to4 relay anycast'),
  range('224.0.0.0/4', 'multicast', 'multicast'),
  range('240.0.0.0/4', 'reserved', 'reserved'),
];

const IPV6_RANGES: readonly Range[] = [
  range('::/128', 'unspecified', 'unspecified'),
  range('::1/128', 'loopback', 'loopback'),
  range('fc00::/7', 'private', 'unique local'),
  range('fec0::/10', 'private', 'deprecated site-local'),
  range('fe80::/10', 'link-local', 'link-local'),
  range('ff00::/8', 'multicast', 'multicast'),
  range('64:ff9b:1::/48', 'private', 'local-use NAT64'),
  range('100::/64', 'reserved', 'discard-only'),
  range('2001::/32', 'reserved', 'Teredo tunnelling'),
];

const GLOBAL_UNICAST = range('2000::/3', 'public', 'global unicast');

/** IPv6 forms that carry an IPv4 address: the IPv4 address decides. */
const EMBEDDING: readonly { readonly range: Range; readonly name: string; readonly offset: number }[] = [
  { range: range('::ffff:0:0/96', 'public', 'IPv4-mapped'), name: 'IPv4-mapped', offset: 12 },
  { range: range('::ffff:0:0:0/96', 'public', 'IPv4-translated'), name: 'IPv4-translated', offset: 12 },
  { range: range('64:ff9b::/96', 'public', 'NAT64'), name: 'NAT64', offset: 12 },
  { range: range('::/96', 'public', 'IPv4-compatible'), name: 'IPv4-compatible', offset: 12 },
  { range: range('2002::/16', 'public', '6to4'), name: '6to4', offset: 2 },
];

function match(ip: IpBytes, ranges: readonly Range[]): Range | undefined {
  return ranges.find((r) => inPrefix(ip, r.prefix, r.bits));
}

/** The kind of place `ip` is. IPv4 embedded in IPv6 (mapped, NAT64, 6to4…) is judged as the IPv4 address. */
export function classifyIp(ip: IpBytes): AddressClass {
  const address = formatIp(ip);
  const found = match(ip, METADATA_RANGES) ?? match(ip, ip.family === 4 ? IPV4_RANGES : IPV6_RANGES);
  if (found) return { kind: found.kind, address, range: found.label };
  if (ip.family === 6) {
    for (const { range: form, name, offset } of EMBEDDING) {
      if (!inPrefix(ip, form.prefix, form.bits)) continue;
      const inner = classifyIp({ family: 4, bytes: ip.bytes.slice(offset, offset + 4) });
      if (inner.kind === 'public') return { kind: 'public', address, range: form.label };
      return { kind: inner.kind, address, range: `${name} form of ${inner.address}, ${inner.range}` };
    }
    if (!inPrefix(ip, GLOBAL_UNICAST.prefix, GLOBAL_UNICAST.bits)) return { kind: 'reserved', address, range: 'outside 2000::/3 (not global unicast)' };
  }
  return { kind: 'public', address, range: 'public' };
}

/** {@link classifyIp} for text; null when `address` is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
  const ip = address.includes(':') ? parseIpv6(address) : parseIpv4(address);
  return ip === null ? null : classifyIp(ip);
}

export interface AddressRules {
  /** Private, link-local and loopback addresses (never metadata or the special kinds). */
  readonly allowPrivateNetwork: boolean;
  /** Loopback is fine: the URL itself named this machine (127.x, ::1, localhost). */
  readonly loopbackNamed: boolean;
}

/** Whether a connection to an address of this kind is allowed under `rules`. */
export function addressAllowed(kind: AddressKind, rules: AddressRules): boolean {
  switch (kind) {
    case 'public':
      return true;
    case 'private':
    case 'link-local':
      return rules.allowPrivateNetwork;
    case 'loopback':
      return rules.allowPrivateNetwork || rules.loopbackNamed;
    default:
      return false;
  }
}
