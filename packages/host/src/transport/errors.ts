import { CodedError, HostErrorCode, httpStatusOf, type ErrorEnvelope } from '@open-cowork/contracts';

/**
 * Codes the transport produces itself. Most are the contract's (HostErrorCode); the others
 * exist only at the HTTP edge: the IPC transport has no body limit, no verbs and no
 * socket to bind.
 */
export const TransportErrorCode = {
  BadRequest: HostErrorCode.BadRequest,
  MethodNotFound: HostErrorCode.MethodNotFound,
  Unauthorized: HostErrorCode.Unauthorized,
  RateLimited: HostErrorCode.RateLimited,
  Internal: HostErrorCode.Internal,
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** A request whose Origin is another web page (cross-site request, DNS rebinding). */
  ForeignOrigin: 'FOREIGN_ORIGIN',
  /** A request whose Host header names something this server does not serve (DNS rebinding). */
  HostNotAllowed: 'HOST_NOT_ALLOWED',
  /** The event stream already has as many clients as it serves. */
  TooManyStreams: 'TOO_MANY_STREAMS',
  /** Thrown by createHostServer, never sent: a non-loopback bind without allowRemote. */
  RemoteBindRefused: 'HOST_REMOTE_BIND_REFUSED',
} as const;

export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

const HTTP_ONLY_STATUS: Readonly<Record<string, number>> = {
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  FOREIGN_ORIGIN: 403,
  HOST_NOT_ALLOWED: 421,
  TOO_MANY_STREAMS: 503,
};

/**
 * The HTTP status for an error code: `overrides` first, then the transport's own codes,
 * then the contract's table (`httpStatusOf`, which answers 500 for codes it does not know).
 */
export function statusOfCode(code: string, overrides: Readonly<Record<string, number>> = {}): number {
  if (Object.hasOwn(overrides, code)) return overrides[code] ?? 500;
  if (Object.hasOwn(HTTP_ONLY_STATUS, code)) return HTTP_ONLY_STATUS[code] ?? 500;
  return httpStatusOf(code);
}

export interface ErrorResponse {
  readonly status: number;
  readonly envelope: ErrorEnvelope;
}

/**
 * What a thrown value becomes on the wire. Only a CodedError speaks for itself: any other
 * error (a TypeError, an fs error whose message holds a path) becomes a bare INTERNAL so
 * nothing about the host's insides leaks to the client.
 */
export function toErrorResponse(error: unknown, overrides: Readonly<Record<string, number>> = {}): ErrorResponse {
  if (error instanceof CodedError) return { status: statusOfCode(error.code, overrides), envelope: error.toEnvelope() };
  return { status: 500, envelope: { code: TransportErrorCode.Internal, message: 'Internal error' } };
}
