// The runner's side of the gateway's runner protocol: long-poll for a task, heartbeat, report
// progress, post the result, release. Every answer is sorted into what the runner acts on:
// a lost lease (stop the task), a refused result, a refused credential (stop the runner), or a
// failure that a later try may get past (the gateway restarting, the network gone).
import { TaskErrorCode, type RunnerAssignment, type RunnerIdentity, type RunnerEvent, type RunnerResult, type TaskKind } from '@open-cowork/contracts';

export type Outcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** The poll's wait ended with no task. */
  | { readonly kind: 'none' }
  /** 409 GATEWAY_LEASE_LOST: this attempt is over (requeued, cancelled, finished). */
  | { readonly kind: 'lost'; readonly reason: string; readonly message: string }
  /** 409 GATEWAY_RESULT_REFUSED; reason `already_reported` means an earlier post of ours went in. */
  | { readonly kind: 'refused'; readonly reason: string; readonly message: string }
  /** 401/403: the token is wrong, revoked, or not a runner's. Polling again will not help. */
  | { readonly kind: 'denied'; readonly status: number; readonly message: string }
  | { readonly kind: 'failed'; readonly retryable: boolean; readonly message: string };

export interface GatewayClientOptions {
  readonly url: string;
  readonly token: string;
  /** Per request (a poll adds its wait). Default 20 s. */
  readonly timeoutMs?: number;
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly reason?: string };
}

export class GatewayClient {
  readonly url: string;
  readonly #token: string;
  readonly #timeoutMs: number;

  constructor(options: GatewayClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 20_000;
  }

  whoami(): Promise<Outcome<RunnerIdentity>> {
    return this.#request('GET', '/runner/whoami');
  }

  poll(waitSeconds: number, workspaces: readonly string[], kinds: readonly TaskKind[], signal: AbortSignal): Promise<Outcome<RunnerAssignment>> {
    const query = new URLSearchParams({ wait: String(waitSeconds) });
    for (const workspace of workspaces) query.append('workspace', workspace);
    for (const kind of kinds) query.append('kind', kind);
    return this.#request<RunnerAssignment>('GET', `/runner/poll?${query}`, undefined, signal, waitSeconds * 1000);
  }

  heartbeat(taskId: string, claimToken: string): Promise<Outcome<{ readonly expiresAt: string }>> {
    return this.#request('POST', `/runner/tasks/${taskId}/heartbeat`, { claimToken });
  }

  events(taskId: string, claimToken: string, events: readonly RunnerEvent[]): Promise<Outcome<{ readonly expiresAt: string }>> {
    return this.#request('POST', `/runner/tasks/${taskId}/events`, { claimToken, events });
  }

  result(taskId: string, result: RunnerResult): Promise<Outcome<{ readonly accepted: true }>> {
    return this.#request('POST', `/runner/tasks/${taskId}/result`, result);
  }

  release(taskId: string, claimToken: string, reason: string): Promise<Outcome<{ readonly released: true }>> {
    return this.#request('POST', `/runner/tasks/${taskId}/release`, { claimToken, reason });
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal, extraMs = 0): Promise<Outcome<T>> {
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(this.#timeoutMs + extraMs);
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.#token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        redirect: 'error',
      });
    } catch (error) {
      return { kind: 'failed', retryable: true, message: `the gateway at ${this.url} is unreachable (${reason(error)})` };
    }
    if (response.status === 204) return { kind: 'none' };
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      return { kind: 'failed', retryable: response.status >= 500, message: `the gateway answered HTTP ${response.status} with something that is not JSON` };
    }
    if (response.ok) return { kind: 'ok', value: parsed as T };
    const error = (parsed as ErrorBody).error ?? {};
    const message = error.message ?? `HTTP ${response.status}`;
    if (response.status === 409 && error.code === TaskErrorCode.LeaseLost) return { kind: 'lost', reason: error.reason ?? 'unknown', message };
    if (response.status === 409 && error.code === TaskErrorCode.ResultRefused) return { kind: 'refused', reason: error.reason ?? 'unknown', message };
    if (response.status === 401 || response.status === 403) return { kind: 'denied', status: response.status, message };
    return { kind: 'failed', retryable: response.status >= 500 || response.status === 429 || response.status === 408, message: `HTTP ${response.status}: ${message}` };
  }
}

function reason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
