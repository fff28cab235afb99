// Why a dynamic catalog was not used. Every message names the endpoint by its origin only
// (a path or query may carry a key) and never the Authorization value.

export const CatalogProblem = {
  /** The URL is not https (plain http is refused so the list cannot be rewritten in transit). */
  InsecureUrl: 'CATALOG_INSECURE_URL',
  /** authHeader is configured but empty: its {env:NAME} variable is unset. */
  MissingAuth: 'CATALOG_MISSING_AUTH',
  /** The network guard refused the URL or a redirect. */
  Refused: 'CATALOG_REFUSED',
  /** No connection, DNS failure, TLS failure… */
  Unreachable: 'CATALOG_UNREACHABLE',
  /** No complete answer within the timeout. */
  Timeout: 'CATALOG_TIMEOUT',
  /** A status other than 2xx. */
  HttpStatus: 'CATALOG_HTTP_STATUS',
  /** The body is bigger than the limit. */
  TooLarge: 'CATALOG_TOO_LARGE',
  /** The body's SHA-256 differs from the configured one. */
  HashMismatch: 'CATALOG_HASH_MISMATCH',
  /** Not JSON, no array at responsePath, or no usable record. */
  Malformed: 'CATALOG_MALFORMED',
} as const;

export type CatalogProblemCode = (typeof CatalogProblem)[keyof typeof CatalogProblem];

export class CatalogError extends Error {
  readonly code: CatalogProblemCode;

  constructor(code: CatalogProblemCode, message: string) {
    super(message);
    this.name = 'CatalogError';
    this.code = code;
  }
}

/** What may be shown of a URL: scheme and host (no path, query or credentials). */
export function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(not a URL)';
  }
}
