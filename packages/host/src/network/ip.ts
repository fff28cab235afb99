// IP literals as a URL parser and a resolver understand them. getaddrinfo and the WHATWG URL
// parser both accept "legacy" IPv4 spellings (2130706433, 0x7f.1, 0177.0.0.1), so a host
// string has to be read the same way here, or a check could see a name where the socket
// layer sees 127.0.0.1.
import { isIPv6 } from 'node:net';

export type IpFamily = 4 | 6;

/** An address as bytes: 4 for IPv4, 16 for IPv6 (network order). */
export interface IpBytes {
  readonly family: IpFamily;
  readonly bytes: readonly number[];
}

/** Outcome of reading a host: an IP literal, a name to resolve, or something that is neither. */
export type HostLiteral =
  | { readonly kind: 'ip'; readonly ip: IpBytes; readonly text: string }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const HEX_PART = /^0[xX][0-9a-fA-F]*$/;
const DECIMAL_PART = /^[0-9]+$/;

/** One dotted part in the legacy grammar: 0x… hex, 0… octal, otherwise decimal. NaN when malformed. */
function legacyPart(part: string): number {
  if (part === '') return Number.NaN;
  if (HEX_PART.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (!DECIMAL_PART.test(part)) return Number.NaN;
  if (part.length > 1 && part.startsWith('0')) return /^[0-7]+$/.test(part) ? Number.parseInt(part, 8) : Number.NaN;
  return Number.parseInt(part, 10);
}

function dottedParts(host: string): string[] {
  const parts = host.split('.');
  // One trailing dot is allowed ("127.0.0.1."), as in the URL standard.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Whether the URL standard would treat `host` as an IPv4 address (its last dotted part is a
 * number). Such a host is an address or an error, never a name to look up.
 */
export function endsInNumber(host: string): boolean {
  const last = dottedParts(host).at(-1) ?? '';
  return DECIMAL_PART.test(last) || HEX_PART.test(last);
}

/** IPv4 in any spelling the URL standard accepts (1 to 4 parts, decimal/octal/hex); null if not one. */
export function parseIpv4(host: string): IpBytes | null {
  const parts = dottedParts(host);
  if (parts.length === 0 || parts.length > 4) return null;
  const numbers = parts.map(legacyPart);
  if (numbers.some((n) => !Number.isFinite(n))) return null;
  const last = numbers.pop() ?? 0;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  let value = last;
  numbers.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return { family: 4, bytes: [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255] };
}

/** IPv6 text (brackets and a zone id tolerated) as 16 bytes; null if not one. */
export function parseIpv6(host: string): IpBytes | null {
  let text = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!isIPv6(text)) return null;
  const groups: number[] = [];
  const [head = '', tail] = text.split('::');
  const read = (section: string): number[] => {
    if (section === '') return [];
    const out: number[] = [];
    for (const piece of section.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseStrictIpv4(piece);
        if (v4 === null) return [Number.NaN];
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const front = read(head);
  const back = tail === undefined ? [] : read(tail);
  const missing = 8 - front.length - back.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  groups.push(...front, ...new Array<number>(missing).fill(0), ...back);
  if (groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  return { family: 6, bytes: groups.flatMap((g) => [g >> 8, g & 255]) };
}

/** Plain dotted-quad decimal only (the form allowed inside IPv6 text). */
function parseStrictIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run compressed). */
export function formatIp(ip: IpBytes): string {
  if (ip.family === 4) return ip.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * Reads a host as a resolver would see it: lowercased, brackets removed, one trailing dot
 * dropped. IPv4 in any legacy spelling and IPv6 become `ip`; a host that ends in a number
 * but is no valid IPv4 is `invalid` (never handed to DNS); anything else is a `name`.
 */
export function readHost(host: string): HostLiteral {
  const trimmed = host.trim().toLowerCase();
  if (trimmed === '') return { kind: 'invalid', reason: 'the host is empty' };
  if (trimmed.startsWith('[') || trimmed.includes(':')) {
    const v6 = parseIpv6(trimmed);
    return v6 === null ? { kind: 'invalid', reason: `"${host}" is not a valid IPv6 address` } : { kind: 'ip', ip: v6, text: formatIp(v6) };
  }
  if (endsInNumber(trimmed)) {
    const v4 = parseIpv4(trimmed);
    return v4 === null ? { kind: 'invalid', reason: `"${host}" looks like an IPv4 address but is not a valid one` } : { kind: 'ip', ip: v4, text: formatIp(v4) };
  }
  const name = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (name === '' || name.endsWith('.') || name.startsWith('.') || name.includes('..') || /[\s/\\%@#?]/.test(name)) {
    return { kind: 'invalid', reason: `"${host}" is not a valid host name` };
  }
  return { kind: 'name', name };
}

/** Whether the first `bits` bits of `ip` equal those of `prefix` (same family). */
export function inPrefix(ip: IpBytes, prefix: IpBytes, bits: number): boolean {
  if (ip.family !== prefix.family) return false;
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    const index = i / 8;
    if (((ip.bytes[index] ?? 0) & mask) !== ((prefix.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}
