// Time zones and wall-clock times with Intl only: no tz database of our own, no Temporal.

import { ToolError } from '@open-cowork/mcp-kit';

/** Calendar date and wall-clock time, as a zone shows an instant. Month is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone's name if Intl knows it (IANA names and their aliases, any case), else a ToolError
 * saying the zone is unknown. The name is kept as written, with the case Intl uses when
 * they differ only in case: ICU would otherwise turn "Asia/Kolkata" into "Asia/Calcutta".
 */
export function checkZone(zone: string): string {
  const resolved = formatterFor(zone).resolvedOptions().timeZone;
  const written = zone.trim();
  return resolved.toLowerCase() === written.toLowerCase() || /^(?:etc\/)?(?:utc|gmt|uct|zulu|universal)$/i.test(written) ? resolved : written;
}

/** The zone this process runs in (the host's), falling back to UTC. */
export function systemZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  const key = zone.trim();
  const cached = formatters.get(key);
  if (cached) return cached;
  if (key === '') throw new ToolError('The time zone is empty; pass an IANA name such as "Europe/Paris" or "UTC".');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: key,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
      era: 'short',
    });
  } catch {
    throw new ToolError(`Unknown time zone "${zone}"; use an IANA name such as "Europe/Paris", "America/New_York" or "UTC".`);
  }
  formatters.set(key, formatter);
  return formatter;
}

/** The wall time and weekday an instant (epoch ms) shows in `zone`. */
export function wallTimeAt(epochMs: number, zone: string): WallTime & { weekday: string } {
  const parts = formatterFor(zone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '';
  let year = Number(get('year'));
  if (get('era') === 'BC' || get('era') === 'B') year = 1 - year;
  return {
    year,
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
    weekday: get('weekday'),
  };
}

/** Wall time as if it were UTC, in epoch ms (the arithmetic key of a wall time). */
export function wallKey(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutesAt(epochMs: number, zone: string): number {
  return Math.round((wallKey(wallTimeAt(epochMs, zone)) - epochMs) / 60_000);
}

/**
 * The instant a wall time denotes in `zone`. Like Temporal's "compatible" disambiguation:
 * a time that occurs twice (clocks going back) is the earlier one; a time skipped by a
 * forward jump is moved forward by the length of the gap (02:30 in a 02:00→03:00 jump is 03:30).
 */
export function instantOf(wall: WallTime, zone: string): number {
  const key = wallKey(wall);
  const day = 86_400_000;
  const before = offsetMinutesAt(key - day, zone);
  const after = offsetMinutesAt(key + day, zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => key - offset * 60_000)
    .filter((instant) => wallKey(wallTimeAt(instant, zone)) === key)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0] as number;
  // In a gap: read the wall time with the offset in force before the jump.
  return key - before * 60_000;
}

/** `+05:30`, `-04:00`, `+00:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
}

/** ISO 8601 date (YYYY-MM-DD) of a wall time. */
export function formatDate(wall: WallTime): string {
  return `${formatYear(wall.year)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`;
}

/** HH:MM:SS, with .mmm when the milliseconds are not zero. */
export function formatTime(wall: WallTime): string {
  const base = `${pad(wall.hour, 2)}:${pad(wall.minute, 2)}:${pad(wall.second, 2)}`;
  return wall.millisecond === 0 ? base : `${base}.${pad(wall.millisecond, 3)}`;
}

export interface ZonedTime {
  /** ISO 8601 with the zone's offset, e.g. 2024-03-10T03:30:00-04:00. */
  iso: string;
  /** The same instant in UTC (…Z). */
  utc: string;
  zone: string;
  offset: string;
  offsetMinutes: number;
  date: string;
  time: string;
  weekday: string;
  epochMs: number;
}

/** How an instant reads in a zone. */
export function describeInstant(epochMs: number, zone: string): ZonedTime {
  const canonical = checkZone(zone);
  const wall = wallTimeAt(epochMs, canonical);
  const offsetMinutes = Math.round((wallKey(wall) - epochMs) / 60_000);
  const date = formatDate(wall);
  const time = formatTime(wall);
  return {
    iso: `${date}T${time}${formatOffset(offsetMinutes)}`,
    utc: new Date(epochMs).toISOString(),
    zone: canonical,
    offset: formatOffset(offsetMinutes),
    offsetMinutes,
    date,
    time,
    weekday: wall.weekday,
    epochMs,
  };
}
