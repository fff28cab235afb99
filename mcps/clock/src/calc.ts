// Date arithmetic in a time zone. Calendar units (years, months, weeks, days) move the
// wall-clock date and keep the time of day, across daylight-saving changes; exact units
// (hours, minutes, seconds) add elapsed time. Calendar units apply first, like Temporal.

import { ToolError } from '@open-cowork/mcp-kit';
import { checkRange, daysInMonth } from './parse.js';
import { instantOf, wallKey, wallTimeAt, type WallTime } from './zones.js';

export const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
export type Unit = (typeof UNITS)[number];
export type Duration = Partial<Record<Unit, number>>;

const EXACT_MS: Partial<Record<Unit, number>> = { hours: 3_600_000, minutes: 60_000, seconds: 1000 };
const DAY_MS = 86_400_000;

/** The instant `duration` after (or, with negative amounts, before) `startMs`, reckoned in `zone`. */
export function addDuration(startMs: number, duration: Duration, zone: string): number {
  const months = (duration.years ?? 0) * 12 + (duration.months ?? 0);
  const days = (duration.weeks ?? 0) * 7 + (duration.days ?? 0);
  let instant = startMs;
  if (months !== 0 || days !== 0) {
    const wall = wallTimeAt(startMs, zone);
    const moved = addCalendar(wall, months, days);
    instant = instantOf(moved, zone);
  }
  instant += (duration.hours ?? 0) * 3_600_000 + (duration.minutes ?? 0) * 60_000 + (duration.seconds ?? 0) * 1000;
  return checkRange(instant, 'The result');
}

/** Moves a wall time by whole months (day clamped to the month's length, Jan 31 + 1 month = Feb 28/29), then days. */
function addCalendar(wall: WallTime, months: number, days: number): WallTime {
  const monthIndex = wall.year * 12 + (wall.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const day = Math.min(wall.day, daysInMonth(year, month));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + days);
  if (Number.isNaN(date.getTime())) throw new ToolError('The result is outside the supported range of dates.');
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: wall.hour,
    minute: wall.minute,
    second: wall.second,
    millisecond: wall.millisecond,
  };
}

export interface DiffResult {
  /** +1 when end is after start, -1 when before, 0 when equal. */
  sign: -1 | 0 | 1;
  /** Whole units, largest first, each as many as fit in what the larger ones left (signed). */
  breakdown: Duration;
  /** The whole span expressed in each requested unit alone, with a fraction (signed). */
  totals: Duration;
  /** The breakdown in words, e.g. "1 month, 2 days and 3 hours". */
  human: string;
}

/** The span from `startMs` to `endMs` in the given units, calendar units reckoned in `zone`. */
export function diff(startMs: number, endMs: number, units: readonly Unit[], zone: string): DiffResult {
  const wanted = UNITS.filter((unit) => units.includes(unit));
  if (wanted.length === 0) throw new ToolError(`Give at least one unit: ${UNITS.join(', ')}.`);
  const sign = endMs > startMs ? 1 : endMs < startMs ? -1 : 0;

  const breakdown: Duration = {};
  for (const unit of wanted) breakdown[unit] = wholeUnits(startMs, endMs, breakdown, unit, zone, sign);

  const totals: Duration = {};
  for (const unit of wanted) totals[unit] = round(totalIn(startMs, endMs, unit, zone, sign));

  return { sign, breakdown, totals, human: describe(breakdown) };
}

/** How many `unit`s fit after `base` has been added to start without passing end. */
function wholeUnits(startMs: number, endMs: number, base: Duration, unit: Unit, zone: string, sign: number): number {
  if (sign === 0) return 0;
  const from = addDuration(startMs, base, zone);
  const exact = EXACT_MS[unit];
  if (exact !== undefined) return Math.trunc((endMs - from) / exact);
  const fits = (n: number) => {
    const at = addDuration(startMs, { ...base, [unit]: (base[unit] ?? 0) + n }, zone);
    return sign > 0 ? at <= endMs : at >= endMs;
  };
  let n = estimate(from, endMs, unit, zone);
  if (Math.sign(n) === -sign) n = 0;
  if (fits(n)) {
    while (fits(n + sign)) n += sign;
  } else {
    while (n !== 0 && !fits(n)) n -= sign;
  }
  return n;
}

function estimate(fromMs: number, endMs: number, unit: Unit, zone: string): number {
  const a = wallTimeAt(fromMs, zone);
  const b = wallTimeAt(endMs, zone);
  switch (unit) {
    case 'years':
      return b.year - a.year;
    case 'months':
      return (b.year - a.year) * 12 + (b.month - a.month);
    case 'weeks':
      return Math.trunc((wallKey(b) - wallKey(a)) / (7 * DAY_MS));
    default:
      return Math.trunc((wallKey(b) - wallKey(a)) / DAY_MS);
  }
}

function totalIn(startMs: number, endMs: number, unit: Unit, zone: string, sign: number): number {
  const exact = EXACT_MS[unit];
  if (exact !== undefined) return (endMs - startMs) / exact;
  if (sign === 0) return 0;
  const whole = wholeUnits(startMs, endMs, {}, unit, zone, sign);
  const at = addDuration(startMs, { [unit]: whole }, zone);
  const next = addDuration(startMs, { [unit]: whole + sign }, zone);
  // The part of the next unit already covered: (end - at) and (next - at) share their sign.
  return whole + sign * ((endMs - at) / (next - at));
}

function round(value: number): number {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function describe(duration: Duration): string {
  const parts = UNITS.filter((unit) => duration[unit] !== undefined && duration[unit] !== 0).map((unit) => {
    const n = Math.abs(duration[unit] as number);
    return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
  });
  if (parts.length === 0) return 'no time';
  if (parts.length === 1) return parts[0] as string;
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
