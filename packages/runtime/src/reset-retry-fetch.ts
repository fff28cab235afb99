// The fetch the OpenCode clients use: one retry when the connection is reset before any answer.
//
// OpenCode's server closes a keep-alive connection after it sat idle; a request written on that
// connection in the same instant (a busy host whose event loop had not yet seen the close) meets
// a reset before the server read a byte of it. Retrying such a request once on a fresh
// connection is safe: it was never received. A server that died gives "connection refused" on
// the retry, which is reported as before.

const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);

function resetBeforeAnswer(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && RESET_CODES.has(cause.code);
}

export async function fetchRetryingReset(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request && init === undefined ? input : new Request(input, init);
  // A body can be read once: keep a copy for the retry (cheap, and only for requests with one).
  const spare = request.body ? request.clone() : undefined;
  try {
    return await fetch(request);
  } catch (error) {
    if (!resetBeforeAnswer(error) || request.signal.aborted) throw error;
    return await fetch(spare ?? new Request(request));
  }
}
