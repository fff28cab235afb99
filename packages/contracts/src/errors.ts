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
