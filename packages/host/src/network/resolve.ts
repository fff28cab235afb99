// Resolves a host once and judges every address it resolved to.
import { lookup as dnsLookup } from 'node:dns/promises';
import { addressAllowed, classifyIp, type AddressKind } from './address-policy.js';
import { NetworkGuardError, NetworkRefusal, refusal, type Refusal } from './errors.js';
import { parseIpv4, parseIpv6, readHost, type IpBytes, type IpFamily } from './ip.js';
import { checkRemoteUrl, describeUrl, isLoopbackHostname, isMetadataHostname, refuseAddress, type RemoteUrlOptions } from './url-policy.js';

export interface LookupAddress {
  readonly address: string;
  readonly family: number;
}

/** The shape of `dns.promises.lookup` called with `{ all: true }`. Injected in tests. */
export type LookupAll = (hostname: string, options: { all: true; verbatim?: boolean }) => Promise<readonly LookupAddress[]>;

export const systemLookup: LookupAll = (hostname, options) => dnsLookup(hostname, options);

export interface CheckedAddress {
  readonly address: string;
  readonly family: IpFamily;
  readonly kind: AddressKind;
}

export interface ResolveOptions extends RemoteUrlOptions {
  /** Default: the system resolver (`dns.promises.lookup`). */
  readonly lookup?: LookupAll;
  /** Abandons the lookup (the resolver itself may keep running). */
  readonly signal?: AbortSignal;
}

export interface ResolvedHost {
  readonly ok: true;
  /** The host as read (lowercase, no brackets, canonical address text for literals). */
  readonly host: string;
  /** Every address, in resolver order; all of them passed the check. */
  readonly addresses: readonly CheckedAddress[];
}

export type ResolveCheck = ResolvedHost | Refusal;

const LOCALHOST_ADDRESSES: readonly IpBytes[] = [
  { family: 4, bytes: [127, 0, 0, 1] },
  { family: 6, bytes: [...new Array<number>(15).fill(0), 1] },
];

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves `host` (an IP literal in any spelling is taken as is, "localhost" is 127.0.0.1 and
 * ::1, anything else goes to `lookup` once, all addresses) and refuses when ANY address is
 * not allowed: a mixed answer is as bad as its worst address, because the connection could
 * go to any of them. Metadata names and addresses are refused even with allowPrivateNetwork;
 * loopback is allowed when the host names this machine itself or with allowPrivateNetwork,
 * so a public name that resolves to 127.0.0.1 (DNS rebinding) is refused.
 *
 * Connect to the returned addresses only (see createPinnedAgent): resolving again later
 * could give a different answer.
 */
export async function resolveAndCheck(host: string, options: ResolveOptions = {}): Promise<ResolveCheck> {
  const read = readHost(host);
  if (read.kind === 'invalid') return refusal(NetworkRefusal.InvalidHost, `Invalid host: ${read.reason}.`, { host });
  let shown: string;
  let loopbackNamed: boolean;
  let ips: IpBytes[];
  if (read.kind === 'ip') {
    shown = read.text;
    ips = [read.ip];
    loopbackNamed = classifyIp(read.ip).kind === 'loopback';
  } else {
    shown = read.name;
    if (isMetadataHostname(read.name)) {
      return refusal(NetworkRefusal.Metadata, `${read.name} is a cloud metadata endpoint, which is never reachable.`, { host: read.name });
    }
    loopbackNamed = isLoopbackHostname(read.name);
    if (loopbackNamed) {
      ips = [...LOCALHOST_ADDRESSES];
    } else {
      const answer = await lookupAll(read.name, options);
      if (!Array.isArray(answer)) return answer as Refusal;
      ips = answer;
    }
  }
  const rules = {
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    loopbackNamed: loopbackNamed && (options.allowNamedLoopback ?? true),
  };
  const addresses: CheckedAddress[] = [];
  const seen = new Set<string>();
  for (const ip of ips) {
    const cls = classifyIp(ip);
    if (!addressAllowed(cls.kind, rules)) {
      const context = ips.length > 1 ? `${shown} resolves to ${ips.length} addresses; one of them,` : `${shown} resolves to`;
      return refuseAddress(cls, shown, undefined, read.kind === 'ip' ? 'The address' : context);
    }
    if (seen.has(cls.address)) continue;
    seen.add(cls.address);
    addresses.push({ address: cls.address, family: ip.family, kind: cls.kind });
  }
  return { ok: true, host: shown, addresses };
}

async function lookupAll(name: string, options: ResolveOptions): Promise<IpBytes[] | Refusal> {
  const lookup = options.lookup ?? systemLookup;
  let answer: readonly LookupAddress[];
  try {
    answer = await abortable(lookup(name, { all: true, verbatim: true }), options.signal);
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const code = (error as { code?: unknown }).code;
    return refusal(NetworkRefusal.DnsFailure, `Could not resolve ${name}${typeof code === 'string' ? ` (${code})` : ''}.`, { host: name });
  }
  if (!Array.isArray(answer) || answer.length === 0) {
    return refusal(NetworkRefusal.DnsFailure, `${name} resolved to no address.`, { host: name });
  }
  const ips: IpBytes[] = [];
  for (const entry of answer) {
    const text = typeof entry?.address === 'string' ? entry.address : '';
    const ip = entry?.family === 6 || text.includes(':') ? parseIpv6(text) : parseStrictDotted(text);
    if (ip === null) return refusal(NetworkRefusal.DnsFailure, `The resolver answered ${name} with "${text}", which is not an IP address.`, { host: name });
    ips.push(ip);
  }
  return ips;
}

/** A resolver answers dotted quads; anything else from it is suspect. */
function parseStrictDotted(text: string): IpBytes | null {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && !/(^|\.)0\d/.test(text) ? parseIpv4(text) : null;
}

/** A URL that passed both the URL policy and the resolution check: connect to `addresses` only. */
export interface CheckedTarget {
  readonly ok: true;
  readonly url: URL;
  /** The host as read (no brackets). */
  readonly host: string;
  readonly port: number;
  readonly loopbackNamed: boolean;
  readonly addresses: readonly CheckedAddress[];
}

export type TargetCheck = CheckedTarget | Refusal;

/** {@link checkRemoteUrl} then {@link resolveAndCheck} on its host. */
export async function checkTarget(input: string | URL, options: ResolveOptions = {}): Promise<TargetCheck> {
  const checked = checkRemoteUrl(input, options);
  if (!checked.ok) return checked;
  const { url } = checked;
  const resolved = await resolveAndCheck(url.hostname, options);
  if (!resolved.ok) return { ...resolved, data: { ...resolved.data, url: describeUrl(url) } };
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { ok: true, url, host: resolved.host, port, loopbackNamed: checked.loopbackNamed, addresses: resolved.addresses };
}

/** {@link checkTarget} that throws a NetworkGuardError instead of returning the refusal. */
export async function requireTarget(input: string | URL, options: ResolveOptions = {}): Promise<CheckedTarget> {
  const checked = await checkTarget(input, options);
  if (!checked.ok) throw NetworkGuardError.from(checked);
  return checked;
}
