import type { HostEvent } from '@open-cowork/contracts';
import { describe, expect, it } from 'vitest';
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
});
