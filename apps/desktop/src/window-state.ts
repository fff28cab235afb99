// The main window's bounds and maximized flag, kept in the data dir between runs. A saved
// position is only trusted while it is on a display that still exists: a window restored
// onto a monitor that was unplugged would open where nobody can see it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rectangle } from 'electron';

export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 880, height: 560 } as const;
/** How much of a saved window must overlap a display's work area to be restored there. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

export const WINDOW_STATE_FILE = 'window-state.json';

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 1e6;

/** The saved state, or undefined when there is none or it is not usable. */
export function readWindowState(file: string): WindowState | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { x, y, width, height, maximized } = data as Record<string, unknown>;
  if (!isInt(width) || !isInt(height) || width <= 0 || height <= 0) return undefined;
  const position = isInt(x) && isInt(y) ? { x, y } : {};
  return { ...position, width, height, maximized: maximized === true };
}

/** Writes the state aside and renames it into place, so a crash never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * Where the window opens: the saved bounds when they overlap a display's work area enough to
 * grab the window, shrunk to fit that display and moved fully onto it; otherwise the saved
 * (or default) size centred on the primary display.
 */
export function restoredBounds(saved: WindowState | undefined, workAreas: readonly Rectangle[], primary: Rectangle): Rectangle {
  const size = { width: saved?.width ?? DEFAULT_WINDOW_SIZE.width, height: saved?.height ?? DEFAULT_WINDOW_SIZE.height };
  if (saved?.x !== undefined && saved.y !== undefined) {
    const wanted = { x: saved.x, y: saved.y, ...size };
    let best: Rectangle | undefined;
    let bestArea = 0;
    for (const area of workAreas) {
      const overlap = intersection(wanted, area);
      if (overlap.width >= Math.min(MIN_VISIBLE.width, wanted.width) && overlap.height >= Math.min(MIN_VISIBLE.height, wanted.height)) {
        const amount = overlap.width * overlap.height;
        if (amount > bestArea) {
          best = area;
          bestArea = amount;
        }
      }
    }
    if (best !== undefined) return fitInto(wanted, best);
  }
  return centreIn(size, primary);
}

function fitInto(rect: Rectangle, area: Rectangle): Rectangle {
  const width = clamp(rect.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(rect.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  return {
    x: clamp(rect.x, area.x, area.x + area.width - width),
    y: clamp(rect.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

function centreIn(size: { width: number; height: number }, area: Rectangle): Rectangle {
  const width = clamp(size.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width);
  const height = clamp(size.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height);
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

function intersection(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}
