import type { HostEvent } from '@open-cowork/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from '../src/host/client.js';
import { EventStream, parseFrame, type EventSourceLike } from '../src/host/event-stream.js';
import { createHttpHostClient } from '../src/host/http-client.js';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(type: string, payload: unknown, id: string): void {
    const event = new MessageEvent(type, { data: JSON.stringify({ type, payload }), lastEventId: id });
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
  fail(permanently: boolean): void {
    this.readyState = permanently ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

function harness() {
  const sources: FakeEventSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const stream = new EventStream({
    url: (last) => `/api/events?token=t${last ? `&lastEventId=${last}` : ''}`,
    createEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    timers: {
      setTimeout: (fn, ms) => timers.push({ fn, ms }) - 1,
      clearTimeout: () => {},
    },
  });
  return { stream, sources, timers };
}

describe('EventStream', () => {
  it('opens on the first subscriber and delivers named events as HostEvents', () => {
    const { stream, sources } = harness();
    const got: HostEvent[] = [];
    stream.subscribe((e) => got.push(e));
    expect(sources).toHaveLength(1);
    sources[0]?.open();
    sources[0]?.send('runtime.status', { state: 'ready' }, '101');
    expect(got).toEqual([{ type: 'runtime.status', payload: { state: 'ready' } }]);
    expect(stream.lastEventId).toBe('101');
  });

  it('reports its state', () => {
    const { stream, sources } = harness();
    const states: ConnectionState[] = [];
    stream.onState((s) => states.push(s));
    stream.subscribe(() => {});
    sources[0]?.open();
    sources[0]?.fail(false);
    sources[0]?.open();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('leaves transient errors to the browser and reopens a closed stream with backoff from the last id', () => {
    const { stream, sources, timers } = harness();
    stream.subscribe(() => {});
    sources[0]?.open();
    sources[0]?.send('session.compacted', { workspaceId: 'w', sessionId: 's' }, '7');

    sources[0]?.fail(false);
    expect(timers).toHaveLength(0);

    sources[0]?.fail(true);
    expect(timers.map((t) => t.ms)).toEqual([500]);
    timers[0]?.fn();
    expect(sources[1]?.url).toBe('/api/events?token=t&lastEventId=7');

    sources[1]?.fail(true);
    expect(timers.map((t) => t.ms)).toEqual([500, 1000]);
    timers[1]?.fn();
    sources[2]?.open();
    sources[2]?.fail(true);
    expect(timers.at(-1)?.ms).toBe(500);
  });

  it('passes resync on to listeners', () => {
    const { stream, sources } = harness();
    const got: HostEvent[] = [];
    stream.subscribe((e) => got.push(e));
    sources[0]?.send('resync', { reason: 'gap' }, '900');
    expect(got).toEqual([{ type: 'resync', payload: { reason: 'gap' } }]);
  });

  it('stops for good on close', () => {
    const { stream, sources, timers } = harness();
    const got: HostEvent[] = [];
    stream.subscribe((e) => got.push(e));
    stream.close();
    expect(sources[0]?.closed).toBe(true);
    expect(stream.state).toBe('closed');
    sources[0]?.send('runtime.status', { state: 'ready' }, '1');
    expect(got).toEqual([]);
    expect(timers).toHaveLength(0);
  });

  it('ignores malformed frames', () => {
    expect(parseFrame('runtime.status', 'not json')).toBeUndefined();
    expect(parseFrame('runtime.status', JSON.stringify({ type: 'other', payload: {} }))).toBeUndefined();
    expect(parseFrame('nope', JSON.stringify({ type: 'nope', payload: {} }))).toBeUndefined();
    expect(parseFrame('runtime.status', JSON.stringify({ type: 'runtime.status', payload: null }))).toBeUndefined();
  });

  it('is what the HTTP client subscribes to, with the token in the query', () => {
    const sources: FakeEventSource[] = [];
    const client = createHttpHostClient({
      token: 'a b',
      fetch: async () => new Response('{}'),
      createEventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
    });
    const got: HostEvent[] = [];
    const off = client.subscribe((e) => got.push(e));
    expect(sources[0]?.url).toBe('/api/events?token=a+b');
    sources[0]?.send('runtime.status', { state: 'starting' }, '1');
    off();
    sources[0]?.send('runtime.status', { state: 'ready' }, '2');
    expect(got).toHaveLength(1);
    client.close();
  });

  it('a stream the host refuses for good (a token from before a restart) sends the tab to pairing at once', async () => {
    const sources: FakeEventSource[] = [];
    const asked: string[] = [];
    let unauthorized = 0;
    const client = createHttpHostClient({
      token: 'old',
      fetch: async (input) => {
        asked.push(String(input));
        return new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Wrong token' } }), { status: 401 });
      },
      createEventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      onUnauthorized: () => void (unauthorized += 1),
    });
    client.subscribe(() => {});
    sources[0]?.fail(false); // a network error (the host is down): the browser retries, nothing asked
    expect(asked).toEqual([]);
    sources[0]?.fail(true); // an HTTP error: which one? a plain call finds out
    await vi.waitFor(() => expect(unauthorized).toBe(1));
    expect(asked).toEqual(['/api/runtime.status']);
    client.close();
  });

  it('keeps reconnecting when the refused stream was not about the token (a 503 while the host starts)', async () => {
    const sources: FakeEventSource[] = [];
    let unauthorized = 0;
    let checks = 0;
    const client = createHttpHostClient({
      token: 't',
      fetch: async () => {
        checks += 1;
        return new Response(JSON.stringify({ error: { code: 'RUNTIME_NOT_READY', message: 'starting' } }), { status: 503 });
      },
      createEventSource: (url) => {
        const s = new FakeEventSource(url);
        sources.push(s);
        return s;
      },
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      onUnauthorized: () => void (unauthorized += 1),
    });
    client.subscribe(() => {});
    sources[0]?.fail(true);
    await vi.waitFor(() => expect(checks).toBe(1));
    expect(unauthorized).toBe(0);
    client.close();
  });
});
