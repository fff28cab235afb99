import { RuntimeEventHub, type RuntimeStatus } from '@open-cowork/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestartWhenIdle } from '../../src/runtime/restart-when-idle.js';

function setup(maxWaitMs = 1000) {
  const events = new RuntimeEventHub();
  const statusListeners = new Set<(status: RuntimeStatus) => void>();
  const restarts: string[] = [];
  const deferred: number[] = [];
  const reloads = new RestartWhenIdle({
    events,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    restart: (reason) => restarts.push(reason),
    maxWaitMs,
    onDeferred: (_reason, busy) => deferred.push(busy),
  });
  const status = (sessionId: string, type: 'busy' | 'idle') => events.emit({ type: 'session.status', sessionId, status: { type } });
  return { reloads, restarts, deferred, status, statusListeners };
}

afterEach(() => vi.useRealTimers());

describe('RestartWhenIdle', () => {
  it('restarts at once when nothing runs', () => {
    const { reloads, restarts } = setup();
    reloads.request('agent saved');
    expect(restarts).toEqual(['agent saved']);
  });

  it('waits for every running answer, then restarts once with every reason', () => {
    const { reloads, restarts, deferred, status } = setup();
    status('a', 'busy');
    status('b', 'busy');
    reloads.request('agent saved');
    reloads.request('MCP added');
    expect(restarts).toEqual([]);
    expect(deferred).toEqual([2, 2]);
    status('a', 'idle');
    expect(restarts).toEqual([]);
    status('b', 'idle');
    expect(restarts).toEqual(['agent saved; MCP added']);
  });

  it('gives up waiting after maxWaitMs', () => {
    vi.useFakeTimers();
    const { reloads, restarts, status } = setup(500);
    status('stuck', 'busy');
    reloads.request('credentials changed');
    vi.advanceTimersByTime(499);
    expect(restarts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(restarts).toEqual(['credentials changed']);
  });

  it('forgets running answers when the process goes away', () => {
    const { reloads, restarts, status, statusListeners } = setup();
    status('a', 'busy');
    for (const listener of statusListeners) listener({ state: 'restarting', reason: 'crash', attempt: 1, delayMs: 500 });
    reloads.request('agent saved');
    expect(restarts).toEqual(['agent saved']);
  });
});
