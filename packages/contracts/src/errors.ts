/**
 * The one shape an error takes when it crosses a boundary (IPC, HTTP, CLI --json).
 * `code` is stable and machine-readable; `message` is for people; `data` carries
 * structured detail (never secrets).
 */
export interface ErrorEnvelope<Code extends string = string, Data = unknown> {
  readonly code: Code;
  readonly message: string;
  readonly data?: Data;
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate['code'] === 'string' && typeof candidate['message'] === 'string';
}

/** A thrown error that serializes to an {@link ErrorEnvelope}. */
export class CodedError<Code extends string = string, Data = unknown> extends Error {
  readonly code: Code;
  readonly data: Data | undefined;

  constructor(code: Code, message: string, data?: Data) {
    super(message);
    this.name = 'CodedError';
    this.code = code;
    this.data = data;
  }

  toEnvelope(): ErrorEnvelope<Code, Data> {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/**
 * Every code a host method or transport can fail with. Stable: clients switch on these, so a
 * code is never renamed or reused for a different meaning. The `data` each code carries is
 * described by {@link HostErrorData}.
 */
export const HostErrorCode = {
  /** The params do not match the method's schema (or the request is not JSON at all). */
  BadRequest: 'BAD_REQUEST',
  /** Missing or wrong bearer token (HTTP), or a sender frame that may not call the host (IPC). */
  Unauthorized: 'UNAUTHORIZED',
  /** Too many failed authentication attempts; retry later. */
  RateLimited: 'RATE_LIMITED',
  /** No method of that name in the contract. */
  MethodNotFound: 'METHOD_NOT_FOUND',
  /** HTTP only: a request with the wrong HTTP verb (methods are POST, events GET). */
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** HTTP only: the request body is larger than the transport accepts. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** The workspace, session, agent, provider or pending request named in the params does not exist. */
  NotFound: 'NOT_FOUND',
  /** The request collides with existing state (a workspace already added, an agent name taken). */
  Conflict: 'CONFLICT',
  /** The managed runtime is not running yet (starting, restarting or stopped). */
  RuntimeNotReady: 'RUNTIME_NOT_READY',
  /** The managed runtime failed and will not come back without help (see runtime.status). */
  RuntimeFailed: 'RUNTIME_FAILED',
  /** The runtime is up but refused or failed the request. */
  RuntimeRequestFailed: 'RUNTIME_REQUEST_FAILED',
  /** A settings choice above the maximum the app config allows. */
  PermissionCeiling: 'PERMISSION_CEILING',
  /** An agent definition is well-formed but invalid (reserved name, unknown tool or skill, …). */
  ValidationFailed: 'VALIDATION_FAILED',
  /**
   * The runtime runs unsandboxed and the workspace's folder, or one above it, holds OpenCode
   * configuration nobody trusted, which nothing could keep OpenCode from loading: the call was
   * not made (data: folders). Trust them (workspaces.trust), remove it, or use a sandbox.
   */
  WorkspaceUntrusted: 'WORKSPACE_UNTRUSTED',
  /** A bug or an unexpected failure inside the host. */
  Internal: 'INTERNAL',

  // Failures of the host's own machinery that a person can act on, so they keep their names
  // across the boundary instead of becoming INTERNAL (see packages/host ports and state).
  /** The secret store's key file may be read by others (or was replaced); secrets are refused. */
  SecretKeyInsecure: 'SECRET_KEY_INSECURE',
  /** The secret store's key file exists but holds no key. */
  SecretKeyDamaged: 'SECRET_KEY_DAMAGED',
  /** A stored secret cannot be decrypted (altered, or sealed with another key); set it again. */
  SecretUnreadable: 'SECRET_UNREADABLE',
  /** A state file could not be parsed and was moved aside (data: file, movedTo). */
  StateFileDamaged: 'STATE_FILE_DAMAGED',
  /** The host refused to open a URL that is not http(s) in the system browser. */
  BrowserUrlRejected: 'BROWSER_URL_REJECTED',
  /** The system browser could not be started. */
  BrowserOpenFailed: 'BROWSER_OPEN_FAILED',
  /** updates.download or updates.install was asked for while there is nothing to download or install (see updates.status). */
  UpdateUnavailable: 'UPDATE_UNAVAILABLE',
  /**
   * The OS offers no secure storage for secrets (keychain locked or missing), so a packaged build
   * refuses to save credentials rather than write them readable (data: backend, when known).
   */
  SecretStorageUnavailable: 'SECRET_STORAGE_UNAVAILABLE',
  /**
   * Isolated session jobs cannot run here: no sandbox backend that runs session servers
   * (bubblewrap), or another live process owns the jobs folder (data: jobsCode).
   */
  JobsUnavailable: 'JOBS_UNAVAILABLE',
  /**
   * The workflows MCP server is not part of this build's config, or it could not be started or
   * did not answer (the message says which).
   */
  WorkflowsUnavailable: 'WORKFLOWS_UNAVAILABLE',
} as const;

export type HostErrorCode = (typeof HostErrorCode)[keyof typeof HostErrorCode];

/** Every host error code, in catalogue order. */
export const HOST_ERROR_CODES: readonly HostErrorCode[] = Object.values(HostErrorCode);

/** Codes any method can fail with, whatever it does; method specs list only the others. */
export const GENERIC_HOST_ERRORS = [
  HostErrorCode.BadRequest,
  HostErrorCode.Unauthorized,
  HostErrorCode.RateLimited,
  HostErrorCode.MethodNotFound,
  HostErrorCode.MethodNotAllowed,
  HostErrorCode.PayloadTooLarge,
  HostErrorCode.Internal,
] as const satisfies readonly HostErrorCode[];

const HTTP_STATUS: Readonly<Record<HostErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  METHOD_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RUNTIME_NOT_READY: 503,
  RUNTIME_FAILED: 503,
  RUNTIME_REQUEST_FAILED: 502,
  PERMISSION_CEILING: 403,
  VALIDATION_FAILED: 422,
  WORKSPACE_UNTRUSTED: 409,
  INTERNAL: 500,
  SECRET_KEY_INSECURE: 500,
  SECRET_KEY_DAMAGED: 500,
  SECRET_UNREADABLE: 500,
  STATE_FILE_DAMAGED: 500,
  BROWSER_URL_REJECTED: 502,
  BROWSER_OPEN_FAILED: 500,
  UPDATE_UNAVAILABLE: 409,
  SECRET_STORAGE_UNAVAILABLE: 503,
  JOBS_UNAVAILABLE: 503,
  WORKFLOWS_UNAVAILABLE: 503,
};

/** The HTTP status the HTTP transport answers with for a host error code (500 for unknown codes). */
export function httpStatusOf(code: string): number {
  return Object.hasOwn(HTTP_STATUS, code) ? HTTP_STATUS[code as HostErrorCode] : 500;
}

export function isHostErrorCode(value: unknown): value is HostErrorCode {
  return typeof value === 'string' && Object.hasOwn(HTTP_STATUS, value);
}

/** One problem found in a payload or definition. `pointer` is a JSON Pointer into it ("" is the whole value). */
export interface HostIssue {
  readonly pointer: string;
  readonly message: string;
}

/** The `data` each error code carries. Codes not listed carry none (or free-form detail). */
export interface HostErrorData {
  /** `pointer` is the first offending location in the params; `issues` lists all of them. */
  BAD_REQUEST: { readonly pointer: string; readonly issues: readonly HostIssue[] };
  /** Milliseconds until another attempt is accepted. */
  RATE_LIMITED: { readonly retryAfterMs: number };
  /** What was asked for: its kind and id (e.g. `{kind: 'session', id: 'ses_…'}`). */
  NOT_FOUND: { readonly kind: 'workspace' | 'session' | 'agent' | 'provider' | 'permission' | 'question' | 'credential' | 'workflow'; readonly id: string };
  METHOD_NOT_FOUND: { readonly method: string };
  /** The largest body accepted, in bytes. */
  PAYLOAD_TOO_LARGE: { readonly limitBytes: number };
  /** The capability, what was asked for, and the config's maximum. */
  PERMISSION_CEILING: { readonly capability: string; readonly requested: string; readonly ceiling: string };
  /** Every problem with the definition, with pointers into it. */
  VALIDATION_FAILED: { readonly issues: readonly HostIssue[] };
  /** The runtime's own error code and name when it gave one (e.g. `RUNTIME_RESTART_LIMIT`). */
  RUNTIME_FAILED: { readonly runtimeCode?: string };
  RUNTIME_REQUEST_FAILED: { readonly status?: number; readonly name?: string };
  /** The folders whose configuration is not trusted. */
  WORKSPACE_UNTRUSTED: { readonly folders: readonly string[] };
}

/** An error envelope of the host contract. */
export type HostError = ErrorEnvelope<HostErrorCode>;
