// `start --check [--check-events]`: proves a started host works end to end, the way a
// client would use it — over HTTP, with the token — and says what is wrong when it does not.
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
  let sessionId: string | undefined;
  try {
    const response = await fetch(`${target.url}/api/events`, { headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' }, signal: stop.signal });
    if (!response.ok || !response.body) return `the event stream answered HTTP ${response.status}`;
    const seen = waitForEvent(response.body, (type, payload) => type === 'session.created' && sessionId !== undefined && sessionIdOf(payload) === sessionId, () => sessionId);
    const session = await client.call('sessions.create', { workspaceId, title: 'open-cowork --check-events' });
    sessionId = session.id;
    const found = await seen;
    return found ? undefined : `no session.created event for ${session.id} arrived over SSE within ${timeoutMs / 1000} s`;
  } catch (error) {
    if (stop.signal.aborted) return `no session.created event arrived over SSE within ${timeoutMs / 1000} s`;
    return `event check failed: ${messageOf(error)}`;
  } finally {
    clearTimeout(timer);
    stop.abort();
    if (sessionId) await client.call('sessions.delete', { sessionId }).catch(() => undefined);
  }
}

/** Reads SSE frames until `match` accepts one (true) or the stream ends (false). */
async function waitForEvent(body: ReadableStream<Uint8Array>, match: (type: string, payload: unknown) => boolean, ready: () => unknown): Promise<boolean> {
  const decoder = new TextDecoder();
  const pending: Array<[string, unknown]> = [];
  let buffer = '';
  try {
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data === '') continue;
        const event = JSON.parse(data) as { type: string; payload: unknown };
        pending.push([event.type, event.payload]);
      }
      // The session id is known only once sessions.create answered; events may arrive first.
      if (ready() !== undefined && pending.some(([type, payload]) => match(type, payload))) return true;
    }
  } catch {
    return false;
  }
  return false;
}

function sessionIdOf(payload: unknown): string | undefined {
  const session = (payload as { session?: { id?: unknown } } | null)?.session;
  return typeof session?.id === 'string' ? session.id : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
