import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBuffer, defaultFirstEventId, type HostEventSource, type HostServer } from '../../src/transport/index.js';
import { SseReader, startServer, TOKEN, until } from './helpers.js';

let server: HostServer | undefined;
const readers: SseReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await server?.close();
  server = undefined;
});

async function open(path = '/api/events', headers: Record<string, string> = {}): Promise<SseReader> {
  if (server === undefined) throw new Error('no server');
  const reader = await SseReader.open(`${server.url}${path}`, { authorization: `Bearer ${TOKEN}`, ...headers });
  readers.push(reader);
  return reader;
}

describe('GET /api/events', () => {
  it('sends every published event to every client, in order, with increasing ids', async () => {
    server = await startServer({ sse: { firstId: 1 } });
    const first = await open();
    const second = await open();
    await until(() => server?.clientCount === 2);
    expect(first.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    for (let i = 0; i < 50; i++) server.publish('session.updated', { n: i });

    for (const reader of [first, second]) {
      const frames = await reader.take(50);
      expect(frames.map((frame) => frame.id)).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
      expect(frames.map((frame) => frame.event)).toEqual(Array(50).fill('session.updated'));
      expect(frames.map((frame) => frame.data)).toEqual(Array.from({ length: 50 }, (_, i) => ({ type: 'session.updated', payload: { n: i } })));
    }
  });

  it('writes the documented frame format', async () => {
    server = await startServer({ sse: { firstId: 7 } });
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: abort.signal });
    if (response.body === null) throw new Error('no body');
    const reader = response.body.getReader();
    await until(() => server?.clientCount === 1);
    server.publish('runtime.status', { state: 'ready' });
    let text = '';
    while (!text.includes('\n\nid:') || !text.endsWith('\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    abort.abort();
    expect(text).toContain('id: 7\nevent: runtime.status\ndata: {"type":"runtime.status","payload":{"state":"ready"}}\n\n');
  });

  it('replays exactly the missed events to a client reconnecting with Last-Event-ID', async () => {
    server = await startServer();
    const client = await open();
    await until(() => server?.clientCount === 1);
    for (let i = 0; i < 5; i++) server.publish('message.part', { n: i });
    const seen = await client.take(3);
    client.close();
    await until(() => server?.clientCount === 0);
    for (let i = 5; i < 8; i++) server.publish('message.part', { n: i });

    const lastSeen = seen.at(-1)?.id ?? '';
    const resumed = await open('/api/events', { 'last-event-id': lastSeen });
    await until(() => server?.clientCount === 1);
    server.publish('message.part', { n: 8 });
    const frames = await resumed.take(6);
    const all = [...seen, ...frames];
    expect(all.map((frame) => (frame.data.payload as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const ids = all.map((frame) => Number(frame.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('resumes from ?lastEventId= too, and sends nothing extra when nothing was missed', async () => {
    server = await startServer({ sse: { firstId: 1 } });
    server.publish('a', 1);
    server.publish('a', 2);
    const upToDate = await open('/api/events?lastEventId=2');
    const behind = await open('/api/events?lastEventId=1');
    await until(() => server?.clientCount === 2);
    server.publish('a', 3);
    expect((await upToDate.next())?.id).toBe('3');
    expect((await behind.take(2)).map((frame) => frame.id)).toEqual(['2', '3']);
  });

  it('sends resync first, then live events, to a client that fell behind the buffer', async () => {
    server = await startServer({ sse: { capacity: 3, firstId: 1 } });
    for (let i = 1; i <= 10; i++) server.publish('tick', i);
    const client = await open('/api/events', { 'last-event-id': '2' });
    await until(() => server?.clientCount === 1);
    server.publish('tick', 11);
    const [resync, live] = await client.take(2);
    expect(resync).toEqual({ id: '10', event: 'resync', data: { type: 'resync', payload: { reason: 'too-far-behind' } } });
    expect(live).toMatchObject({ id: '11', event: 'tick', data: { payload: 11 } });
  });

  it('still replays when the missed events are exactly the whole buffer', async () => {
    server = await startServer({ sse: { capacity: 3, firstId: 1 } });
    for (let i = 1; i <= 10; i++) server.publish('tick', i);
    const client = await open('/api/events', { 'last-event-id': '7' });
    expect((await client.take(3)).map((frame) => frame.id)).toEqual(['8', '9', '10']);
  });

  it('sends resync for an id it never issued (future, garbage, or from an earlier host process)', async () => {
    server = await startServer({ sse: { firstId: 100 } });
    server.publish('tick', 1);
    for (const lastId of ['500', 'abc', '-1', '99999999999999999999', '5']) {
      const client = await open('/api/events', { 'last-event-id': lastId });
      const frame = await client.next();
      expect(frame?.event, lastId).toBe('resync');
      client.close();
    }
  });

  it('forwards an injected event source and unsubscribes on close', async () => {
    let listener: ((type: string, payload: unknown) => void) | undefined;
    let unsubscribed = false;
    const source: HostEventSource = {
      subscribe: (next) => {
        listener = next;
        return () => {
          unsubscribed = true;
        };
      },
    };
    server = await startServer({ events: source });
    const client = await open();
    await until(() => server?.clientCount === 1);
    listener?.('permission.asked', { id: 'p1' });
    expect((await client.next())?.data).toEqual({ type: 'permission.asked', payload: { id: 'p1' } });
    await server.close();
    expect(unsubscribed).toBe(true);
  });

  it('sends heartbeat comments', async () => {
    server = await startServer({ sse: { heartbeatMs: 10 } });
    const client = await open();
    await until(() => server?.clientCount === 1);
    const next = client.next();
    await until(() => client.comments.includes('ping'));
    server.publish('done', null);
    expect((await next)?.event).toBe('done');
  });

  it('disconnects a client that stops reading instead of buffering for it without bound', async () => {
    server = await startServer({ sse: { maxClientBufferBytes: 256 * 1024 } });
    const { port } = server;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /api/events HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    socket.pause();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await until(() => server?.clientCount === 1);
    const payload = 'x'.repeat(64 * 1024);
    while (server.clientCount > 0) {
      server.publish('big', payload);
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.resume();
    await closed;
    expect(server.clientCount).toBe(0);
  });

  it('ends streams on close, and close is idempotent', async () => {
    server = await startServer();
    const client = await open();
    await until(() => server?.clientCount === 1);
    const first = server.close();
    const second = server.close();
    expect(second).toBe(first);
    await first;
    expect(await client.next()).toBeUndefined();
    expect(() => server?.publish('late', null)).toThrow(/closed/);
  });

  it('refuses event types that would break the framing, and the reserved resync', async () => {
    server = await startServer();
    expect(() => server?.publish('a\nb', null)).toThrow(/Invalid event type/);
    expect(() => server?.publish('', null)).toThrow(/Invalid event type/);
    expect(() => server?.publish('resync', null)).toThrow(/Invalid event type/);
  });
});

describe('EventBuffer', () => {
  const frame = (id: number): string => `#${id}`;

  it('replays from any id still in the ring and resyncs otherwise', () => {
    const buffer = new EventBuffer({ capacity: 4, firstId: 1 });
    expect(buffer.since('0')).toEqual({ kind: 'events', events: [] });
    for (let i = 0; i < 6; i++) buffer.push('t', frame);
    expect(buffer.lastId).toBe(6);
    const ids = (lastId: string): number[] | string => {
      const replay = buffer.since(lastId);
      return replay.kind === 'events' ? replay.events.map((event) => event.id) : replay.reason;
    };
    expect(ids('6')).toEqual([]);
    expect(ids('2')).toEqual([3, 4, 5, 6]);
    expect(ids('4')).toEqual([5, 6]);
    expect(ids('1')).toBe('too-far-behind');
    expect(ids('7')).toBe('unknown-id');
    expect(ids('1.5')).toBe('unknown-id');
  });

  it('also drops the oldest events beyond its byte budget, but always keeps the newest', () => {
    const buffer = new EventBuffer({ capacity: 100, maxBytes: 25, firstId: 1 });
    const sized = (): string => 'x'.repeat(10);
    for (let i = 0; i < 5; i++) buffer.push('t', sized);
    const replay = buffer.since('3');
    expect(replay.kind === 'events' ? replay.events.map((event) => event.id) : replay).toEqual([4, 5]);
    expect(buffer.since('2')).toEqual({ kind: 'resync', reason: 'too-far-behind' });
    buffer.push('t', () => 'y'.repeat(100));
    expect(buffer.since('5')).toMatchObject({ kind: 'events', events: [{ id: 6, size: 100 }] });
  });

  it('starts ids above any id an earlier process could have issued', () => {
    expect(defaultFirstEventId(2_000)).toBeGreaterThan(defaultFirstEventId(1_000) + 999);
    expect(Number.isSafeInteger(defaultFirstEventId(Date.UTC(2200, 0, 1)))).toBe(true);
  });
});
