// Reading the date-times callers pass: ISO 8601 with or without an offset, or a date alone.

import { ToolError } from '@open-cowork/mcp-kit';
import { instantOf, type WallTime } from './zones.js';

const ISO_RE =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?)?$/i;

/** The largest instant a JavaScript Date holds (±100,000,000 days around 1970). */
const MAX_EPOCH_MS = 8.64e15;

export interface ParsedDateTime {
  /** The wall time as written. */
  wall: WallTime;
  /** Minutes east of UTC when the text carried an offset (Z is 0), else undefined. */
  offsetMinutes: number | undefined;
  /** Whether a time of day was given (a bare date means midnight). */
  hasTime: boolean;
}

export function parseDateTime(text: string): ParsedDateTime {
  const match = ISO_RE.exec(text.trim());
  if (!match) {
    throw new ToolError(
      `Cannot read "${text}" as a date-time; use ISO 8601 such as "2025-03-14", "2025-03-14T09:30", "2025-03-14T09:30:00Z" or "2025-03-14T09:30:00+01:00".`,
    );
  }
  const [, y, mo, d, h, mi, s, frac, offset] = match;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: h === undefined ? 0 : Number(h),
    minute: mi === undefined ? 0 : Number(mi),
    second: s === undefined ? 0 : Number(s),
    millisecond: frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
  };
  if (wall.month < 1 || wall.month > 12) throw new ToolError(`"${text}": month ${wall.month} is not 1-12.`);
  const days = daysInMonth(wall.year, wall.month);
  if (wall.day < 1 || wall.day > days) throw new ToolError(`"${text}": day ${wall.day} does not exist in that month (it has ${days} days).`);
  if (wall.hour > 23) throw new ToolError(`"${text}": hour ${wall.hour} is not 0-23.`);
  if (wall.minute > 59) throw new ToolError(`"${text}": minute ${wall.minute} is not 0-59.`);
  if (wall.second > 59) throw new ToolError(`"${text}": second ${wall.second} is not 0-59.`);
  return { wall, offsetMinutes: offset === undefined ? undefined : parseOffset(offset, text), hasTime: h !== undefined };
}

function parseOffset(offset: string, text: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) throw new ToolError(`"${text}": offset ${offset} is not a valid UTC offset.`);
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/**
 * The instant `text` denotes: its own offset when it has one, else its wall time in `zone`.
 */
export function resolveInstant(text: string, zone: string): number {
  const parsed = parseDateTime(text);
  const epochMs =
    parsed.offsetMinutes === undefined ? instantOf(parsed.wall, zone) : instantOfWallAtOffset(parsed.wall, parsed.offsetMinutes);
  return checkRange(epochMs, text);
}

function instantOfWallAtOffset(wall: WallTime, offsetMinutes: number): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime() - offsetMinutes * 60_000;
}

export function checkRange(epochMs: number, what: string): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > MAX_EPOCH_MS) {
    throw new ToolError(`${what} is outside the supported range of dates (about 271,821 BCE to 275,760 CE).`);
  }
  return epochMs;
}
