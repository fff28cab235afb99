// The adapter from a raw feed (the supervisor's `onEvent`) to normalized events; the live
// feed is proven against the real binary in test/session and test/integration.

import { describe, expect, it, vi } from 'vitest';
import { normalizeRawEvents, type RuntimeEvent } from '../../src/events/index.js';
import { FIXTURE_DIRECTORY, loadFixture, normalizeFixture } from './fixtures.js';

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
