// The stream wrapper's lifecycle without a runtime (the live stream is proven in
// test/session/sessions.test.ts), and the adapter for raw feeds such as the supervisor's.

import { createOpencodeClient } from '@opencode-ai/sdk/v2';
import { describe, expect, it, vi } from 'vitest';
import { normalizeRawEvents, openRuntimeEvents, type RuntimeEvent } from '../../src/events/index.js';
import { RuntimeRequestErrorCode } from '../../src/session/index.js';
import { FIXTURE_DIRECTORY, loadFixture, normalizeFixture } from './fixtures.js';

describe('openRuntimeEvents', () => {
  it('closing before it connects rejects `ready`, ends listeners and finishes', async () => {
    const onError = vi.fn();
    const stream = openRuntimeEvents(createOpencodeClient({ baseUrl: 'http://127.0.0.1:9' }), { directory: '/w', onError, retryDelayMs: 20 });
    const onEnd = vi.fn();
    stream.subscribe(() => undefined, onEnd);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onError).toHaveBeenCalled(); // connection refused, retrying
    stream.close();
    expect(onEnd).toHaveBeenCalledTimes(1);
    await expect(stream.ready).rejects.toMatchObject({ code: RuntimeRequestErrorCode.StreamClosed });
    await stream.done;
    expect(stream.isEnded).toBe(true);
  });

  it('an aborted signal closes it', async () => {
    const controller = new AbortController();
    const stream = openRuntimeEvents(createOpencodeClient({ baseUrl: 'http://127.0.0.1:9' }), { directory: '/w', signal: controller.signal, retryDelayMs: 20 });
    controller.abort();
    await stream.done;
    expect(stream.isEnded).toBe(true);
    await stream.done;
  });
});

describe('normalizeRawEvents', () => {
  it('normalizes a raw global feed into a hub until disposed', () => {
    let feed: ((raw: unknown) => void) | undefined;
    const unsubscribe = vi.fn();
    const { events, dispose } = normalizeRawEvents((listener) => {
      feed = listener;
      return unsubscribe;
    });
    const seen: RuntimeEvent[] = [];
    events.subscribe((event) => seen.push(event));
    for (const raw of loadFixture('global-text-prompt')) feed?.(raw);
    expect(seen).toEqual(normalizeFixture('text-prompt'));
    expect(seen.every((event) => event.directory === FIXTURE_DIRECTORY)).toBe(true);
    dispose();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(events.isEnded).toBe(true);
  });
});
