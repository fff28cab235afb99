// A small client for a running host's HTTP API, for the CLI's remote-control commands.
import { CodedError, isErrorEnvelope, type HostMethodName, type HostParams, type HostResult } from '@open-cowork/contracts';

export interface HostTarget {
  readonly url: string;
  readonly token: string;
}

export class HostClient {
  constructor(
    readonly target: HostTarget,
    private readonly timeoutMs = 30_000,
  ) {}

  async call<M extends HostMethodName>(method: M, params: HostParams<M>): Promise<HostResult<M>> {
    let response: Response;
    try {
      response = await fetch(`${this.target.url}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new CodedError('HOST_UNREACHABLE', `Could not reach the host at ${this.target.url}: ${reason(error)}.`);
    }
    const body = (await response.json().catch(() => undefined)) as { result?: unknown; error?: unknown } | undefined;
    if (response.ok && body && 'result' in body) return body.result as HostResult<M>;
    if (body && isErrorEnvelope(body.error)) throw new CodedError(body.error.code, body.error.message, body.error.data);
    throw new CodedError('HOST_BAD_RESPONSE', `The host at ${this.target.url} answered ${method} with HTTP ${response.status}.`);
  }

  /** True when the host's public health route answers. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.target.url}/api/health`, { signal: AbortSignal.timeout(5000) });
      return response.ok;
    } catch {
      return false;
    }
  }
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
