// `start --check [--check-events]`: proves a started host works end to end, the way a
// client would use it — over HTTP, with the token — and says what is wrong when it does not.
import { readSseJson } from '@open-cowork/runtime';
import { HostClient, type HostTarget } from './host-client.js';

export interface CheckOptions {
  /** Also prove one real runtime event reaches an SSE client. */
  readonly events: boolean;
  /** The workspace the event round trip creates (and deletes) a session in. */
  readonly workspaceId: string | undefined;
  readonly timeoutMs?: number;
}

/** Resolves to undefined when healthy, else the reason. */
export async function checkHost(target: HostTarget, options: CheckOptions): Promise<string | undefined> {
  const client = new HostClient(target);
  if (!(await client.healthy())) return `the host at ${target.url} does not answer /api/health`;
  try {
    const status = await client.call('runtime.status', {});
    if (status.state !== 'ready') return `the runtime is ${status.state}${status.reason ? `: ${status.reason}` : ''}`;
  } catch (error) {
    return `runtime.status failed: ${messageOf(error)}`;
  }
  if (!options.events) return undefined;
  if (!options.workspaceId) return 'no workspace to run the event check in';
  return eventRoundTrip(client, target, options.workspaceId, options.timeoutMs ?? 20_000);
}

/** Subscribes to /api/events, creates a session, and waits for its `session.created` event. */
async function eventRoundTrip(client: HostClient, target: HostTarget, workspaceId: string, timeoutMs: number): Promise<string | undefined> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  const late = `no session.created event arrived over SSE within ${timeoutMs / 1000} s`;
  let sessionId: string | undefined;
  try {
    const response = await fetch(`${target.url}/api/events`, { headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' }, signal: stop.signal });
    if (!response.ok || !response.body) return `the event stream answered HTTP ${response.status}`;
    // Events may arrive before sessions.create answers, so keep them all and look afterwards.
    const seen: Array<{ type?: string; payload?: unknown }> = [];
    let wake: (() => void) | undefined;
    void readSseJson(response.body, (event) => {
      seen.push(event as { type?: string; payload?: unknown });
      wake?.();
    }, stop.signal).catch(() => undefined);
    const session = await client.call('sessions.create', { workspaceId, title: 'open-cowork --check-events' });
    sessionId = session.id;
    while (!seen.some((event) => event.type === 'session.created' && sessionIdOf(event.payload) === session.id)) {
      if (stop.signal.aborted) return late;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
    return undefined;
  } catch (error) {
    return stop.signal.aborted ? late : `event check failed: ${messageOf(error)}`;
  } finally {
    clearTimeout(timer);
    stop.abort();
    if (sessionId) await client.call('sessions.delete', { sessionId }).catch(() => undefined);
  }
}

function sessionIdOf(payload: unknown): string | undefined {
  const session = (payload as { session?: { id?: unknown } } | null)?.session;
  return typeof session?.id === 'string' ? session.id : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
