// The part of the host's runtime the catalog services (providers, capabilities) use, as a port,
// and the one place that turns "not running" and the runtime's failures into host errors.
// HostRuntime satisfies CatalogRuntime as it is; tests pass a fake.
import { CodedError, HostErrorCode } from '@open-cowork/contracts';
import type { RuntimeConnection, RuntimeSessions, RuntimeStatus } from '@open-cowork/runtime';

/** OpenCode's SDK client, for the calls RuntimeSessions does not wrap (provider auth, OAuth). */
export type OpencodeClient = RuntimeConnection['client'];

export interface CatalogRuntime {
  readonly status: RuntimeStatus;
  readonly sessions: Pick<RuntimeSessions, 'providers' | 'mcpStatus'>;
  readonly supervisor: { connection(): Pick<RuntimeConnection, 'client'>; whenReady(signal?: AbortSignal): Promise<unknown> };
}

/** The host's runtime, or undefined before it exists (e.g. while the host is still starting). */
export type CatalogRuntimeAccessor = () => CatalogRuntime | undefined;

/** The runtime when it is ready to answer, else undefined. */
export function readyRuntime(runtime: CatalogRuntimeAccessor): CatalogRuntime | undefined {
  const access = runtime();
  return access?.status.state === 'ready' ? access : undefined;
}

/** The ready runtime's client; RUNTIME_NOT_READY otherwise, saying what the runtime is doing. */
export function requireClient(runtime: CatalogRuntimeAccessor): OpencodeClient {
  const access = runtime();
  const status = access?.status;
  if (access === undefined || status?.state !== 'ready') {
    const doing = status === undefined ? 'not started' : status.state === 'failed' ? `failed: ${status.reason}` : status.state;
    throw new CodedError(HostErrorCode.RuntimeNotReady, `The runtime is not ready (${doing}); try again when it is.`);
  }
  try {
    return access.supervisor.connection().client;
  } catch {
    throw new CodedError(HostErrorCode.RuntimeNotReady, 'The runtime is restarting; try again when it is ready.');
  }
}

interface SdkResult<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response?: Response;
}

/**
 * One raw SDK call: its data, or RUNTIME_REQUEST_FAILED with OpenCode's status, error name
 * and message (no answer at all reads as RUNTIME_NOT_READY: the process went away).
 */
export async function callOpencode<T>(operation: string, run: () => Promise<SdkResult<T>>): Promise<T> {
  let result: SdkResult<T>;
  try {
    result = await run();
  } catch (error) {
    throw new CodedError(HostErrorCode.RuntimeNotReady, `${operation}: the runtime did not answer (${(error as Error).message}).`);
  }
  if (result.response === undefined) throw new CodedError(HostErrorCode.RuntimeNotReady, `${operation}: the runtime did not answer.`);
  if (result.error !== undefined || !result.response.ok) {
    const { name, message } = describeError(result.error);
    const status = result.response.status;
    throw new CodedError(HostErrorCode.RuntimeRequestFailed, `${operation}: ${message ?? name ?? `HTTP ${status}`}`, {
      status,
      ...(name === undefined ? {} : { name }),
    });
  }
  return result.data as T;
}

/** OpenCode's error bodies: `{ name, data: { message } }` or `{ _tag, message }`. */
function describeError(body: unknown): { name?: string; message?: string } {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body.trim() ? { message: body.trim() } : {};
  const record = body as { name?: unknown; _tag?: unknown; message?: unknown; data?: unknown };
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as { message?: unknown }) : {};
  const name = typeof record.name === 'string' ? record.name : typeof record._tag === 'string' ? record._tag : undefined;
  const message = typeof data.message === 'string' ? data.message : typeof record.message === 'string' ? record.message : undefined;
  return { ...(name === undefined ? {} : { name }), ...(message === undefined ? {} : { message }) };
}
