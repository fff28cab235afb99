// Stable codes for what can go wrong when talking to a running OpenCode, and the one place
// that turns the SDK's failures (`{ error }` results, thrown errors, network failures) into them.

import { CodedError } from '@open-cowork/contracts';

export const RuntimeRequestErrorCode = {
  /** OpenCode answered with an error this catalogue has no better code for (5xx, …). */
  RequestFailed: 'RUNTIME_REQUEST_FAILED',
  /** The session, message or request id is unknown to OpenCode (HTTP 404). */
  NotFound: 'RUNTIME_NOT_FOUND',
  /** OpenCode rejected the request's parameters (HTTP 400), or the caller's input was malformed. */
  BadRequest: 'RUNTIME_BAD_REQUEST',
  /** OpenCode refused the credentials (HTTP 401/403): the client's Basic auth is wrong. */
  Unauthorized: 'RUNTIME_UNAUTHORIZED',
  /** No HTTP answer at all: the runtime is not running or not reachable. */
  Unreachable: 'RUNTIME_UNREACHABLE',
  /** OpenCode answered 2xx with something this layer cannot read. */
  InvalidResponse: 'RUNTIME_INVALID_RESPONSE',
  /** The caller's AbortSignal fired. */
  Aborted: 'RUNTIME_ABORTED',
  /** A wait gave up after its timeout. */
  Timeout: 'RUNTIME_TIMEOUT',
  /** The event stream ended while something was waiting on it. */
  StreamClosed: 'RUNTIME_STREAM_CLOSED',
  /**
   * The folder, or one above it, holds OpenCode configuration nobody trusted, and the runtime
   * runs unsandboxed, so nothing could keep OpenCode from loading it: the call was not made.
   */
  Untrusted: 'RUNTIME_UNTRUSTED_FOLDER',
} as const;

export type RuntimeRequestErrorCode = (typeof RuntimeRequestErrorCode)[keyof typeof RuntimeRequestErrorCode];

export interface RuntimeErrorData {
  /** Which call failed, e.g. `session.create`. */
  readonly operation: string;
  /** HTTP status, when OpenCode answered. */
  readonly status?: number;
  /** OpenCode's own error name (`NotFoundError`, `InvalidRequestError`, …), when it gave one. */
  readonly opencodeName?: string;
  /** OpenCode's own message, unchanged. */
  readonly opencodeMessage?: string;
  /** RUNTIME_BAD_REQUEST: where in the call's input the problem is (a JSON Pointer), when known. */
  readonly pointer?: string;
  /** RUNTIME_UNTRUSTED_FOLDER: the folders whose configuration is in the way. */
  readonly untrustedFolders?: readonly string[];
}

export class RuntimeError extends CodedError<RuntimeRequestErrorCode, RuntimeErrorData> {
  override name = 'RuntimeError';

  get status(): number | undefined {
    return this.data?.status;
  }
}

export function isRuntimeError(value: unknown, code?: RuntimeRequestErrorCode): value is RuntimeError {
  return value instanceof RuntimeError && (code === undefined || value.code === code);
}

/** What OpenCode's error bodies look like: `{ name, data: { message } }` or `{ _tag, message }`. */
function describeBody(body: unknown): { name?: string; message?: string } {
  if (typeof body === 'string') return body.trim() ? { message: body.trim() } : {};
  if (typeof body !== 'object' || body === null) return {};
  const record = body as { name?: unknown; _tag?: unknown; message?: unknown; data?: unknown };
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as { message?: unknown }) : {};
  const name = typeof record.name === 'string' ? record.name : typeof record._tag === 'string' ? record._tag : undefined;
  const message = typeof data.message === 'string' ? data.message : typeof record.message === 'string' ? record.message : undefined;
  return { ...(name ? { name } : {}), ...(message ? { message } : {}) };
}

function codeForStatus(status: number): RuntimeRequestErrorCode {
  if (status === 404) return RuntimeRequestErrorCode.NotFound;
  if (status === 400 || status === 422) return RuntimeRequestErrorCode.BadRequest;
  if (status === 401 || status === 403) return RuntimeRequestErrorCode.Unauthorized;
  return RuntimeRequestErrorCode.RequestFailed;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** An SDK `{ error, response }` result turned into a RuntimeError. */
export function errorFromResult(operation: string, error: unknown, response: Response | undefined): RuntimeError {
  if (!response) return errorFromThrown(operation, error);
  const { name, message } = describeBody(error);
  const status = response.status;
  const text = message ?? name ?? (`HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`);
  return new RuntimeError(codeForStatus(status), `${operation}: ${text}`, {
    operation,
    status,
    ...(name ? { opencodeName: name } : {}),
    ...(message ? { opencodeMessage: message } : {}),
  });
}

/** Anything thrown while calling OpenCode turned into a RuntimeError (RuntimeErrors pass through). */
export function errorFromThrown(operation: string, error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  if (isAbort(error)) return new RuntimeError(RuntimeRequestErrorCode.Aborted, `${operation}: aborted`, { operation });
  const cause = error instanceof Error ? ((error as { cause?: unknown }).cause as { status?: unknown } | undefined) : undefined;
  if (typeof cause?.status === 'number') {
    const status = cause.status;
    const detail = error instanceof Error ? error.message : String(error);
    return new RuntimeError(codeForStatus(status), `${operation}: ${detail}`, { operation, status, opencodeMessage: detail });
  }
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? 'unknown error';
  const reason = error instanceof Error && error.cause instanceof Error ? `${detail} (${error.cause.message})` : detail;
  return new RuntimeError(RuntimeRequestErrorCode.Unreachable, `${operation}: cannot reach the runtime: ${reason}`, { operation });
}

interface SdkResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response?: Response;
}

/**
 * Runs one SDK call and returns its data, or throws a RuntimeError. The SDK reports failures
 * as `{ error, response }` (no response at all for network errors) and may also throw.
 */
export async function callRuntime<T>(operation: string, run: () => Promise<SdkResult<T>>): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await run();
  } catch (error) {
    throw errorFromThrown(operation, error);
  }
  if (result.error !== undefined || !result.response || !result.response.ok) {
    throw errorFromResult(operation, result.error, result.response);
  }
  return result.data as T;
}

export function invalidResponse(operation: string, what: string): RuntimeError {
  return new RuntimeError(RuntimeRequestErrorCode.InvalidResponse, `${operation}: unexpected answer from the runtime (${what})`, { operation });
}

export function badInput(operation: string, message: string): RuntimeError {
  return new RuntimeError(RuntimeRequestErrorCode.BadRequest, `${operation}: ${message}`, { operation });
}
