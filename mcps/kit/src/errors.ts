// The two kinds of failure a bundled MCP server reports on purpose.

/**
 * A problem with the caller's request (bad arguments, a missing note, a name clash). Its
 * message goes back to the calling agent unchanged, so write it for that reader: say what
 * was wrong and what to do instead.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** A missing or invalid environment variable set by the host; the message names the variable. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** The message of anything thrown, never empty. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string' && error !== '') return error;
  return 'unknown error';
}
