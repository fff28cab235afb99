// Which headers cross the MCP proxy, in each direction.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Request headers passed from the MCP client to the server; everything else stays behind. */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-type',
  'content-length',
  'last-event-id',
  'mcp-session-id',
  'mcp-protocol-version',
  'user-agent',
];

/** Per-connection headers (RFC 9110 §7.6.1) and others a proxy must not pass on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers a registration may not set: they describe the connection, not the request. */
const UNSETTABLE = new Set([...HOP_BY_HOP, 'host', 'content-length', 'expect']);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** Lowercased copy of headers a registration adds; throws on a name or value that could not be sent. */
export function validateAddedHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) throw new TypeError(`Header name "${name}" is not a valid HTTP header name.`);
    if (UNSETTABLE.has(lower)) throw new TypeError(`Header "${name}" describes the connection and cannot be set for a server.`);
    if (typeof value !== 'string' || BAD_VALUE.test(value)) throw new TypeError(`Header "${name}" has a value with a line break or NUL.`);
    out[lower] = value;
  }
  return out;
}

/** The upstream request's headers: the allowlisted client headers, then the registration's (which win). */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, added: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = incoming[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return { ...out, ...added };
}

/**
 * The client response's headers: the server's, minus hop-by-hop headers (and any the
 * server's Connection header names) and Set-Cookie (cookies are not port-bound, so a
 * cookie set for 127.0.0.1 would also go to every other local service).
 */
export function downstreamResponseHeaders(upstream: Readonly<Record<string, string | string[] | undefined>>): OutgoingHttpHeaders {
  const named = new Set<string>();
  const connection = upstream.connection;
  for (const value of Array.isArray(connection) ? connection : [connection ?? '']) {
    for (const token of value.split(',')) if (token.trim() !== '') named.add(token.trim().toLowerCase());
  }
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || named.has(lower) || lower === 'set-cookie') continue;
    out[lower] = value;
  }
  return out;
}
