import { describe, expect, it, vi } from 'vitest';
import { BoundedMap } from '../../src/events/bounded-map.js';
import { RuntimeEventHub, type RuntimeEvent } from '../../src/events/index.js';

const idle = (sessionId: string): RuntimeEvent => ({ type: 'session.status', sessionId, status: { type: 'idle' } });

describe('RuntimeEventHub', () => {
  it('delivers to every listener until its disposer runs', () => {
    const hub = new RuntimeEventHub();
    const a: RuntimeEvent[] = [];
    const b: RuntimeEvent[] = [];
    const stopA = hub.subscribe((event) => a.push(event));
    hub.subscribe((event) => b.push(event));
    hub.emit(idle('s1'));
    stopA();
    hub.emit(idle('s2'));
    expect(a).toEqual([idle('s1')]);
    expect(b).toEqual([idle('s1'), idle('s2')]);
  });

  it('a throwing listener does not stop the others', async () => {
    const hub = new RuntimeEventHub();
    const seen: RuntimeEvent[] = [];
    const failures: unknown[] = [];
    const onError = (error: unknown) => failures.push(error);
    process.on('uncaughtException', onError);
    try {
      hub.subscribe(() => {
        throw new Error('listener failed');
      });
      hub.subscribe((event) => seen.push(event));
      hub.emit(idle('s1'));
      expect(seen).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(failures).toEqual([new Error('listener failed')]);
    } finally {
      process.off('uncaughtException', onError);
    }
  });

  it('end() runs every onEnd once, and late subscribers end at once', () => {
    const hub = new RuntimeEventHub();
    const onEnd = vi.fn();
    hub.subscribe(() => undefined, onEnd);
    hub.end();
    hub.end();
    expect(onEnd).toHaveBeenCalledTimes(1);
    const late = vi.fn();
    hub.subscribe(() => undefined, late);
    expect(late).toHaveBeenCalledTimes(1);
    expect(hub.isEnded).toBe(true);
  });

  it('iterates events from the moment iteration starts until the hub ends', async () => {
    const hub = new RuntimeEventHub();
    hub.emit(idle('before'));
    const iterator = hub[Symbol.asyncIterator]();
    hub.emit(idle('s1'));
    expect((await iterator.next()).value).toEqual(idle('s1'));
    const first = iterator.next();
    const second = iterator.next();
    hub.emit(idle('s2'));
    hub.emit(idle('s3'));
    expect((await first).value).toEqual(idle('s2'));
    expect((await second).value).toEqual(idle('s3'));
    const pending = iterator.next();
    hub.end();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('iterating an ended hub finishes at once', async () => {
    const hub = new RuntimeEventHub();
    hub.end();
    expect(await hub[Symbol.asyncIterator]().next()).toEqual({ value: undefined, done: true });
  });

  it('breaking out of for-await unsubscribes', async () => {
    const hub = new RuntimeEventHub();
    const consumer = (async () => {
      for await (const event of hub) return event;
      return undefined;
    })();
    hub.emit(idle('s1'));
    expect(await consumer).toEqual(idle('s1'));
    const listeners = (hub as unknown as { listeners: Set<unknown> }).listeners;
    expect(listeners.size).toBe(0);
  });
});

describe('BoundedMap', () => {
  it('forgets the least recently set keys beyond its limit', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // refreshes a
    map.set('c', 4);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(3);
    expect(map.get('c')).toBe(4);
    expect(map.size).toBe(2);
  });

  it('rejects a useless limit', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
