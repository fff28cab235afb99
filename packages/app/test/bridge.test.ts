import type { HostEvent } from '@open-cowork/contracts';
import { describe, expect, it, vi } from 'vitest';
import { connectEventBridge, FrameBatcher } from '../src/state/bridge.js';
import { createAppStore } from '../src/state/store.js';
import { fakeHost, ManualFrames } from './fakes.js';

const status = (state: 'ready' | 'starting'): HostEvent => ({ type: 'runtime.status', payload: { state } });

describe('FrameBatcher', () => {
  it('delivers everything pushed during a frame as one batch, on the frame', () => {
    const frames = new ManualFrames();
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>((b) => batches.push(b), frames);
    for (let i = 0; i < 1000; i += 1) batcher.push(i);
    expect(batches).toEqual([]);
    expect(frames.pending.size).toBe(1);
    frames.frame();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1000);
    expect(batches[0]?.[999]).toBe(999);

    batcher.push(1000);
    batcher.push(1001);
    frames.frame();
    expect(batches).toEqual([expect.any(Array), [1000, 1001]]);
  });

  it('asks for no frame when nothing is pending and drops pending items on dispose', () => {
    const frames = new ManualFrames();
    const deliver = vi.fn();
    const batcher = new FrameBatcher<number>(deliver, frames);
    frames.frame();
    expect(deliver).not.toHaveBeenCalled();
    batcher.push(1);
    batcher.dispose();
    expect(frames.pending.size).toBe(0);
    frames.frame();
    expect(deliver).not.toHaveBeenCalled();
  });

  it('flush delivers at once and cancels the frame', () => {
    const frames = new ManualFrames();
    const deliver = vi.fn();
    const batcher = new FrameBatcher<number>(deliver, frames);
    batcher.push(1);
    batcher.flush();
    expect(deliver).toHaveBeenCalledWith([1]);
    expect(frames.pending.size).toBe(0);
  });
});

describe('connectEventBridge', () => {
  it('feeds host events to the store once per frame, in order', () => {
    const host = fakeHost({});
    const store = createAppStore(host);
    const ingest = vi.spyOn(store.getState().actions, 'ingest');
    const frames = new ManualFrames();
    const dispose = connectEventBridge(host, store, frames, 0);

    host.emit(status('starting'));
    host.emit(status('ready'));
    expect(ingest).not.toHaveBeenCalled();
    expect(store.getState().runtime).toBeUndefined();

    frames.frame();
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(ingest).toHaveBeenCalledWith([status('starting'), status('ready')]);
    expect(store.getState().runtime).toEqual({ state: 'ready' });

    dispose();
    host.emit(status('starting'));
    frames.frame();
    expect(ingest).toHaveBeenCalledTimes(1);
  });

  it('changes the store once per frame however many events arrive', () => {
    const host = fakeHost({});
    const store = createAppStore(host);
    const frames = new ManualFrames();
    connectEventBridge(host, store, frames, 0);
    const changes = vi.fn();
    store.subscribe(changes);
    for (let i = 0; i < 2000; i += 1) {
      host.emit({ type: 'session.status', payload: { workspaceId: 'w', sessionId: `s${i % 7}`, status: { type: i % 2 === 0 ? 'busy' : 'idle' } } });
    }
    frames.frame();
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('flushes from a timer when no frame comes (a hidden tab)', () => {
    vi.useFakeTimers();
    try {
      const host = fakeHost({});
      const store = createAppStore(host);
      const frames = new ManualFrames();
      connectEventBridge(host, store, frames, 250);
      host.emit(status('ready'));
      vi.advanceTimersByTime(260);
      expect(store.getState().runtime).toEqual({ state: 'ready' });
      expect(frames.pending.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes the connection state to the store', () => {
    const host = fakeHost({});
    const store = createAppStore(host);
    connectEventBridge(host, store, new ManualFrames(), 0);
    host.setConnection('reconnecting');
    expect(store.getState().connection).toBe('reconnecting');
  });
});
