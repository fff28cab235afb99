// What a chat is called on screen: OpenCode's placeholder name ("New session - <ISO time>")
// is never shown; a real title is, as written.
import { describe, expect, it } from 'vitest';
import { isPlaceholderTitle, shownTitle } from '../src/lib/session-title.js';

describe('chat titles', () => {
  it('shows "New chat" for OpenCode\'s placeholder names and empty titles', () => {
    expect(shownTitle('New session - 2025-11-02T10:14:07.123Z', 'New chat')).toBe('New chat');
    expect(shownTitle('Child session - 2025-11-02T10:14:07.123Z', 'New chat')).toBe('New chat');
    expect(shownTitle('   ', 'New chat')).toBe('New chat');
  });

  it('keeps real titles, including ones that merely mention a session or a date', () => {
    expect(shownTitle('  Release notes  ', 'New chat')).toBe('Release notes');
    expect(isPlaceholderTitle('New session planning for 2025-11-02')).toBe(false);
    expect(isPlaceholderTitle('Notes - 2025-11-02T10:14:07Z')).toBe(false);
  });
});
