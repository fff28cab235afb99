// Which URLs the host may call on a user's behalf, judged from the URL alone (no DNS).
import { addressAllowed, classifyIp, type AddressClass } from './address-policy.js';
import { NetworkRefusal, refusal, type Refusal } from './errors.js';
import { readHost, type HostLiteral } from './ip.js';

/**
 * Names that lead to a cloud metadata service. Checked before any lookup, so a resolver
 * that answers them with something innocent-looking does not matter.
 */
export const METADATA_HOSTNAMES: readonly string[] = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
];

const METADATA_SET = new Set(METADATA_HOSTNAMES);

/** `name` as read by readHost (lowercase, no trailing dot). */
export function isMetadataHostname(name: string): boolean {
  return METADATA_SET.has(name);
}

/** "localhost" and its subdomains (RFC 6761): always this machine, never looked up. */
export function isLoopbackHostname(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

export interface RemoteUrlOptions {
  /** Allow private, link-local and loopback destinations. Metadata endpoints stay refused. */
  readonly allowPrivateNetwork?: boolean;
  /**
   * Whether a URL that names this machine itself (127.x, [::1], localhost) may reach it
   * without allowPrivateNetwork. Default true: a developer's local server. The guarded
   * fetch turns it off for a redirect that leaves a non-loopback origin.
   */
  readonly allowNamedLoopback?: boolean;
}

export interface RemoteUrlAccepted {
  readonly ok: true;
  readonly url: URL;
  readonly host: Exclude<HostLiteral, { kind: 'invalid' }>;
  /** The URL names this machine (so http is allowed and loopback answers are expected). */
  readonly loopbackNamed: boolean;
}

export type RemoteUrlCheck = RemoteUrlAccepted | Refusal;

/**
 * What a message or error may show of a URL: its origin. No credentials, no query, and no
 * path either: some servers put an API key in the path (…/mcp/<key>/sse).
 */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** The refusal for an address of a kind the rules do not allow. */
export function refuseAddress(cls: AddressClass, host: string, url: string | undefined, context: string): Refusal {
  const data = { host, address: cls.address, ...(url === undefined ? {} : { url }) };
  const where = `${context} ${cls.address} (${cls.range})`;
  switch (cls.kind) {
    case 'metadata':
      return refusal(NetworkRefusal.Metadata, `${where} is a cloud metadata endpoint, which is never reachable.`, data);
    case 'private':
    case 'link-local':
    case 'loopback':
      return refusal(
        NetworkRefusal.PrivateAddress,
        `${where} is not on the public internet; it is refused unless private network access is allowed for this server.`,
        data,
      );
    default:
      return refusal(NetworkRefusal.SpecialAddress, `${where} is a ${cls.kind} address, which is never reachable.`, data);
  }
}

/**
 * Checks a remote URL without resolving it: http(s) only; https unless the URL names this
 * machine (127.0.0.0/8, ::1, localhost); no user:password@; no metadata host name or
 * address; an IP literal must be an address the options allow. The host still has to be
 * resolved and checked ({@link resolveAndCheck}) before a connection.
 */
export function checkRemoteUrl(input: string | URL, options: RemoteUrlOptions = {}): RemoteUrlCheck {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    return refusal(NetworkRefusal.InvalidUrl, 'This is not an absolute URL.');
  }
  const shown = describeUrl(url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refusal(NetworkRefusal.UnsupportedScheme, `Only https URLs are allowed (this one is ${url.protocol}).`, { url: shown });
  }
  if (url.username !== '' || url.password !== '') {
    return refusal(
      NetworkRefusal.CredentialsInUrl,
      'The URL carries a user name or password; put credentials in a header (they are kept as secrets) instead.',
      { url: shown },
    );
  }
  const host = readHost(url.hostname);
  if (host.kind === 'invalid') return refusal(NetworkRefusal.InvalidHost, `Invalid host: ${host.reason}.`, { url: shown });
  const allowNamedLoopback = options.allowNamedLoopback ?? true;
  let loopbackNamed: boolean;
  if (host.kind === 'name') {
    if (isMetadataHostname(host.name)) {
      return refusal(NetworkRefusal.Metadata, `${host.name} is a cloud metadata endpoint, which is never reachable.`, {
        url: shown,
        host: host.name,
      });
    }
    loopbackNamed = isLoopbackHostname(host.name);
  } else {
    const cls = classifyIp(host.ip);
    loopbackNamed = cls.kind === 'loopback';
    const rules = { allowPrivateNetwork: options.allowPrivateNetwork ?? false, loopbackNamed: loopbackNamed && allowNamedLoopback };
    if (!addressAllowed(cls.kind, rules)) return refuseAddress(cls, host.text, shown, 'The address');
  }
  if (url.protocol === 'http:' && !loopbackNamed) {
    return refusal(
      NetworkRefusal.InsecureHttp,
      `Plain http is allowed only to this machine (127.0.0.1, [::1], localhost); use https for ${url.host}.`,
      { url: shown },
    );
  }
  return { ok: true, url, host, loopbackNamed };
}
