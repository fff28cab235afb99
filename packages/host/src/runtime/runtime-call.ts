// The one way host features talk to OpenCode: through the runtime's client wrapper
// (RuntimeSessions, which maps every SDK failure to a RuntimeError), refused early while the
// runtime is not ready, with its RuntimeErrors turned into the contract's codes here and only
// here, so no runtime-internal code ever reaches a client.
import { CodedError, HostErrorCode, type HostErrorData } from '@open-cowork/contracts';
import { isRuntimeError, RuntimeRequestErrorCode, type RuntimeSessions, type RuntimeStatus } from '@open-cowork/runtime';

/** The part of HostRuntime the services use (tests pass fakes). */
export interface RuntimeAccess {
  readonly status: RuntimeStatus;
  readonly sessions: RuntimeSessions;
}

/** The part the catalog features (providers, capabilities) use; HostRuntime satisfies it as is. */
export interface CatalogRuntime {
  readonly status: RuntimeStatus;
  readonly sessions: Pick<RuntimeSessions, 'providers' | 'mcpStatus' | 'providerAuthMethods' | 'startProviderOAuth' | 'finishProviderOAuth'>;
  readonly supervisor: { whenReady(signal?: AbortSignal): Promise<unknown> };
}

/** The host's runtime, or undefined before it exists (e.g. while the host is still starting). */
export type CatalogRuntimeAccessor = () => CatalogRuntime | undefined;

/** The runtime when it is ready to answer, else undefined. */
export function readyRuntime(runtime: CatalogRuntimeAccessor): CatalogRuntime | undefined {
  const access = runtime();
  return access?.status.state === 'ready' ? access : undefined;
}

/** How a refusal of the runtime reads: the caller's bad input (default), or a failed request (OpenCode refused on its own grounds). */
export interface ErrorMapping {
  readonly subject?: NotFoundSubject;
  readonly refusalIsFailure?: boolean;
}

/** What a NOT_FOUND from the runtime is about, so the client hears which id is unknown. */
export type NotFoundSubject = HostErrorData['NOT_FOUND'];

/** RUNTIME_NOT_READY unless the runtime accepts requests right now. */
export function requireReady(runtime: Pick<RuntimeAccess, 'status'>): void {
  const status = runtime.status;
  if (status.state === 'ready') return;
  const why = status.state === 'failed' || status.state === 'restarting' ? `: ${status.reason}` : '';
  throw new CodedError(HostErrorCode.RuntimeNotReady, `The runtime is not ready (${status.state}${why}).`, { state: status.state });
}

export function notFound(subject: NotFoundSubject): CodedError {
  return new CodedError(HostErrorCode.NotFound, `No ${subject.kind} with id "${subject.id}".`, subject);
}

/**
 * A failure of a runtime request as the contract names it: an unknown id → NOT_FOUND (when
 * the caller says what the id was), refused parameters → BAD_REQUEST, a runtime that went
 * away mid-call → RUNTIME_NOT_READY, anything else → RUNTIME_REQUEST_FAILED. Host errors
 * pass through unchanged.
 */
export function toHostError(error: unknown, runtime: Pick<RuntimeAccess, 'status'>, mapping: ErrorMapping = {}): unknown {
  if (!isRuntimeError(error)) return error;
  switch (error.code) {
    case RuntimeRequestErrorCode.NotFound:
      if (mapping.subject !== undefined) return notFound(mapping.subject);
      break;
    case RuntimeRequestErrorCode.BadRequest: {
      if (mapping.refusalIsFailure === true && error.status !== undefined) break;
      const pointer = error.data?.pointer ?? '';
      const issue = { pointer, message: error.message };
      return new CodedError(HostErrorCode.BadRequest, error.message, { pointer, issues: [issue] } satisfies HostErrorData['BAD_REQUEST']);
    }
    case RuntimeRequestErrorCode.Untrusted:
      return new CodedError(HostErrorCode.WorkspaceUntrusted, error.message, { folders: [...(error.data?.untrustedFolders ?? [])] } satisfies HostErrorData['WORKSPACE_UNTRUSTED']);
    case RuntimeRequestErrorCode.Unreachable:
      if (runtime.status.state !== 'ready') {
        return new CodedError(HostErrorCode.RuntimeNotReady, `The runtime is not ready (${runtime.status.state}).`, { state: runtime.status.state });
      }
      break;
  }
  const data: HostErrorData['RUNTIME_REQUEST_FAILED'] = {
    ...(error.data?.status !== undefined ? { status: error.data.status } : {}),
    ...(error.data?.opencodeName !== undefined ? { name: error.data.opencodeName } : {}),
  };
  return new CodedError(HostErrorCode.RuntimeRequestFailed, error.message, data);
}

/** Runs one request against a ready runtime, mapping its failures (see toHostError). */
export async function runtimeCall<T, S = RuntimeSessions>(
  runtime: { readonly status: RuntimeStatus; readonly sessions: S } | undefined,
  request: (sessions: S) => Promise<T>,
  mapping: ErrorMapping | NotFoundSubject = {},
): Promise<T> {
  if (runtime === undefined) throw new CodedError(HostErrorCode.RuntimeNotReady, 'The runtime is not started yet; try again when it is ready.', { state: 'stopped' });
  requireReady(runtime);
  try {
    return await request(runtime.sessions);
  } catch (error) {
    throw toHostError(error, runtime, 'kind' in mapping ? { subject: mapping } : mapping);
  }
}
