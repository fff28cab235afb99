import { isErrorEnvelope, type HostErrorCode } from '@open-cowork/contracts';

/**
 * Codes of failures that happen on this side of the boundary: the host could not be
 * reached, or it answered with something that is not the contract's JSON.
 */
export const ClientErrorCode = {
  /** The request never got an answer (network down, host stopped). */
  Unreachable: 'HOST_UNREACHABLE',
  /** The host answered, but not with `{result}` or `{error}` JSON. */
  BadResponse: 'HOST_BAD_RESPONSE',
  /** No preload bridge and no token: the renderer cannot talk to any host. */
  NoTransport: 'HOST_NO_TRANSPORT',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** A failed host call, as `{code, message, data}` with the contract's stable codes. */
export class HostError extends Error {
  readonly code: HostErrorCode | ClientErrorCode;
  readonly data: unknown;
  /** HTTP status when the transport is HTTP. */
  readonly status: number | undefined;

  constructor(code: HostErrorCode | ClientErrorCode, message: string, data?: unknown, status?: number) {
    super(message);
    this.name = 'HostError';
    this.code = code;
    this.data = data;
    this.status = status;
  }

  /** Wraps whatever a transport threw: envelopes keep their code, anything else is "unreachable". */
  static from(value: unknown): HostError {
    if (value instanceof HostError) return value;
    if (isErrorEnvelope(value)) return new HostError(value.code as HostErrorCode, value.message, value.data);
    const message = value instanceof Error ? value.message : String(value);
    return new HostError(ClientErrorCode.Unreachable, message);
  }
}
