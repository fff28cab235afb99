import { CodedError } from '@open-cowork/contracts';

/** Why the network guard refused a URL, an address or a redirect. Stable: callers switch on these. */
export const NetworkRefusal = {
  /** Not an absolute URL, or a Location header that is not one. */
  InvalidUrl: 'NETWORK_INVALID_URL',
  /** Not http: or https:. */
  UnsupportedScheme: 'NETWORK_UNSUPPORTED_SCHEME',
  /** Plain http to anything but this machine. */
  InsecureHttp: 'NETWORK_INSECURE_HTTP',
  /** user:password@ in the URL. */
  CredentialsInUrl: 'NETWORK_CREDENTIALS_IN_URL',
  /** A host that is neither a valid name nor a valid address. */
  InvalidHost: 'NETWORK_INVALID_HOST',
  /** A cloud metadata endpoint, by name or by address. Refused even with allowPrivateNetwork. */
  Metadata: 'NETWORK_METADATA_ENDPOINT',
  /** A private, link-local or (resolved) loopback address without allowPrivateNetwork. */
  PrivateAddress: 'NETWORK_PRIVATE_ADDRESS',
  /** Unspecified, broadcast, multicast or reserved: never a server. */
  SpecialAddress: 'NETWORK_SPECIAL_ADDRESS',
  /** The name did not resolve (or resolved to nothing usable). */
  DnsFailure: 'NETWORK_DNS_FAILURE',
  /** A redirect that is not followed: redirect "error", or any redirect through the MCP proxy. */
  RedirectRefused: 'NETWORK_REDIRECT_REFUSED',
  TooManyRedirects: 'NETWORK_TOO_MANY_REDIRECTS',
  /** A 307/308 redirect of a request whose body was a stream, which cannot be sent twice. */
  RedirectBody: 'NETWORK_REDIRECT_BODY',
  /** No response headers within timeoutMs. */
  Timeout: 'NETWORK_TIMEOUT',
  /** The checked address could not be reached (proxy only; guardedFetch throws fetch's own TypeError). */
  Unreachable: 'NETWORK_UNREACHABLE',
} as const;

export type NetworkRefusalCode = (typeof NetworkRefusal)[keyof typeof NetworkRefusal];

/** What a refusal is about; every field is optional and safe to show (no header values). */
export interface NetworkRefusalData {
  readonly url?: string;
  readonly host?: string;
  readonly address?: string;
  /** For a refused redirect: the URL whose response redirected. */
  readonly redirectFrom?: string;
  /** For a redirect the MCP proxy did not follow: where it pointed (origin and path). */
  readonly location?: string;
}

/** A refusal as a value (the checks return these; guardedFetch throws them as NetworkGuardError). */
export interface Refusal {
  readonly ok: false;
  readonly code: NetworkRefusalCode;
  readonly message: string;
  readonly data: NetworkRefusalData;
}

export function refusal(code: NetworkRefusalCode, message: string, data: NetworkRefusalData = {}): Refusal {
  return { ok: false, code, message, data };
}

export class NetworkGuardError extends CodedError<NetworkRefusalCode, NetworkRefusalData> {
  constructor(code: NetworkRefusalCode, message: string, data: NetworkRefusalData = {}) {
    super(code, message, data);
    this.name = 'NetworkGuardError';
  }

  static from(refused: Refusal): NetworkGuardError {
    return new NetworkGuardError(refused.code, refused.message, refused.data);
  }
}
