import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, restoredBounds } from '../src/window-state.js';

const laptop = { x: 0, y: 25, width: 1440, height: 875 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('restoredBounds', () => {
  it('keeps bounds that lie on a display', () => {
    const saved = { x: 100, y: 100, width: 1000, height: 700, maximized: false };
    expect(restoredBounds(saved, [laptop], laptop)).toEqual({ x: 100, y: 100, width: 1000, height: 700 });
  });

  it('restores onto the second display it was left on', () => {
    const saved = { x: 2000, y: 300, width: 1200, height: 900, maximized: false };
    expect(restoredBounds(saved, [laptop, monitorRight], laptop)).toEqual({ x: 2000, y: 300, width: 1200, height: 900 });
  });

  it('centres on the primary display when the saved display is gone', () => {
    const saved = { x: 2000, y: 300, width: 1200, height: 800, maximized: false };
    expect(restoredBounds(saved, [laptop], laptop)).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
  });

  it('moves a window hanging off the edge fully onto the display', () => {
    const saved = { x: 1000, y: -200, width: 1000, height: 700, maximized: false };
    expect(restoredBounds(saved, [laptop], laptop)).toEqual({ x: 440, y: 25, width: 1000, height: 700 });
  });

  it('shrinks a window larger than the display it is on', () => {
    const saved = { x: 0, y: 25, width: 3000, height: 2000, maximized: false };
    expect(restoredBounds(saved, [laptop], laptop)).toEqual(laptop);
  });

  it('treats a sliver of overlap as off-screen (the title bar must be reachable)', () => {
    const saved = { x: 1430, y: 100, width: 1000, height: 700, maximized: false };
    const bounds = restoredBounds(saved, [laptop], laptop);
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(laptop.x + laptop.width);
  });

  it('uses the default size, centred, the first time', () => {
    expect(restoredBounds(undefined, [monitorRight], monitorRight)).toEqual({
      x: 1440 + (2560 - DEFAULT_WINDOW_SIZE.width) / 2,
      y: (1440 - DEFAULT_WINDOW_SIZE.height) / 2,
      ...DEFAULT_WINDOW_SIZE,
    });
  });
});
