import { ToolError } from '@open-cowork/mcp-kit';
import { describe, expect, it } from 'vitest';
import { addDuration, diff } from '../src/calc.js';
import { parseDateTime, resolveInstant } from '../src/parse.js';
import { clockTools } from '../src/tools.js';
import { checkZone, describeInstant, instantOf } from '../src/zones.js';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

describe('zones', () => {
  it('accepts IANA names in any case, keeps aliases as written, and refuses unknown zones by name', () => {
    expect(checkZone('europe/paris')).toBe('Europe/Paris');
    expect(checkZone('utc')).toBe('UTC');
    expect(checkZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(() => checkZone('Mars/Olympus_Mons')).toThrow(ToolError);
    expect(() => checkZone('Mars/Olympus_Mons')).toThrow('Unknown time zone "Mars/Olympus_Mons"');
    expect(() => checkZone('')).toThrow('The time zone is empty');
  });

  it('describes an instant with offset, weekday and UTC on both sides of a DST change', () => {
    expect(describeInstant(at('2024-03-10T06:59:59Z'), NY)).toMatchObject({
      iso: '2024-03-10T01:59:59-05:00',
      offset: '-05:00',
      offsetMinutes: -300,
      weekday: 'Sunday',
      date: '2024-03-10',
      time: '01:59:59',
    });
    expect(describeInstant(at('2024-03-10T07:00:00Z'), NY).iso).toBe('2024-03-10T03:00:00-04:00');
    expect(describeInstant(at('2024-06-01T12:00:00.250Z'), 'Asia/Kathmandu').iso).toBe('2024-06-01T17:45:00.250+05:45');
    expect(describeInstant(at('2024-06-01T12:00:00Z'), 'UTC').utc).toBe('2024-06-01T12:00:00.000Z');
  });

  it('reads skipped wall times forward and repeated ones as the earlier instant', () => {
    const wall = { year: 2024, month: 3, day: 10, hour: 2, minute: 30, second: 0, millisecond: 0 };
    expect(new Date(instantOf(wall, NY)).toISOString()).toBe('2024-03-10T07:30:00.000Z'); // 03:30 EDT
    const repeated = { year: 2024, month: 11, day: 3, hour: 1, minute: 30, second: 0, millisecond: 0 };
    expect(new Date(instantOf(repeated, NY)).toISOString()).toBe('2024-11-03T05:30:00.000Z'); // the EDT one
  });
});

describe('parsing', () => {
  it('reads dates, local times and times with offsets', () => {
    expect(parseDateTime('2025-03-14')).toMatchObject({ hasTime: false, offsetMinutes: undefined });
    expect(parseDateTime('2025-03-14T09:30:15.5+01:00')).toMatchObject({
      wall: { year: 2025, month: 3, day: 14, hour: 9, minute: 30, second: 15, millisecond: 500 },
      offsetMinutes: 60,
    });
    expect(new Date(resolveInstant('2025-03-14T09:30', 'Europe/Paris')).toISOString()).toBe('2025-03-14T08:30:00.000Z');
    // An explicit offset wins over the zone.
    expect(new Date(resolveInstant('2025-03-14T09:30Z', 'Asia/Tokyo')).toISOString()).toBe('2025-03-14T09:30:00.000Z');
  });

  it('refuses text that is not an ISO date-time, with a hint', () => {
    expect(() => parseDateTime('next tuesday')).toThrow('Cannot read "next tuesday" as a date-time; use ISO 8601');
    expect(() => parseDateTime('2023-02-29')).toThrow('day 29 does not exist in that month (it has 28 days)');
    expect(() => parseDateTime('2024-13-01')).toThrow('month 13 is not 1-12');
    expect(() => parseDateTime('2024-01-01T24:00')).toThrow('hour 24 is not 0-23');
  });
});

describe('add', () => {
  it('clamps to month ends and handles leap years', () => {
    const start = resolveInstant('2024-01-31T10:00', 'UTC');
    expect(describeInstant(addDuration(start, { months: 1 }, 'UTC'), 'UTC').iso).toBe('2024-02-29T10:00:00+00:00');
    expect(describeInstant(addDuration(start, { years: 1, months: 1 }, 'UTC'), 'UTC').iso).toBe('2025-02-28T10:00:00+00:00');
    expect(describeInstant(addDuration(start, { months: -2 }, 'UTC'), 'UTC').iso).toBe('2023-11-30T10:00:00+00:00');
  });

  it('keeps the time of day for days across DST, but not for hours', () => {
    const start = resolveInstant('2024-03-09T12:00', NY);
    expect(describeInstant(addDuration(start, { days: 1 }, NY), NY).iso).toBe('2024-03-10T12:00:00-04:00');
    expect(describeInstant(addDuration(start, { hours: 24 }, NY), NY).iso).toBe('2024-03-10T13:00:00-04:00');
    expect(describeInstant(addDuration(start, { weeks: -1, minutes: 90 }, NY), NY).iso).toBe('2024-03-02T13:30:00-05:00');
  });
});

describe('diff', () => {
  it('breaks a span into calendar units largest first, with totals', () => {
    const result = diff(resolveInstant('2024-01-31', 'UTC'), resolveInstant('2024-03-01T06:00', 'UTC'), ['months', 'days', 'hours'], 'UTC');
    expect(result.sign).toBe(1);
    expect(result.breakdown).toEqual({ months: 1, days: 1, hours: 6 });
    expect(result.human).toBe('1 month, 1 day and 6 hours');
    expect(result.totals.days).toBe(30.25);
    expect(result.totals.hours).toBe(726);
  });

  it('is negative when the end comes first and counts a DST day as one day of 23 hours', () => {
    const start = resolveInstant('2024-03-09T12:00', NY);
    const end = resolveInstant('2024-03-10T12:00', NY);
    expect(diff(start, end, ['days'], NY)).toMatchObject({ breakdown: { days: 1 }, totals: { days: 1 } });
    expect(diff(start, end, ['hours'], NY).totals.hours).toBe(23);
    const back = diff(end, start, ['days', 'hours'], NY);
    expect(back).toMatchObject({ sign: -1, breakdown: { days: -1, hours: 0 } });
    expect(diff(start, start, ['years'], NY)).toMatchObject({ sign: 0, human: 'no time' });
  });

  it('counts years and weeks', () => {
    const result = diff(resolveInstant('2000-02-29', 'UTC'), resolveInstant('2025-03-14', 'UTC'), ['years', 'weeks', 'days'], 'UTC');
    expect(result.breakdown).toEqual({ years: 25, weeks: 2, days: 0 });
  });
});

describe('tools', () => {
  const fixed = at('2025-06-15T18:45:00Z');
  const tools = Object.fromEntries(clockTools({ now: () => fixed, defaultZone: 'Europe/Berlin' }).map((tool) => [tool.name, tool]));

  it('now defaults to the host zone and reports errors as tool errors', async () => {
    const now = await tools['now']!.invoke({});
    expect(now.structuredContent).toMatchObject({ iso: '2025-06-15T20:45:00+02:00', zone: 'Europe/Berlin', weekday: 'Sunday' });
    const bad = await tools['now']!.invoke({ timeZone: 'Nowhere/City' });
    expect(bad.isError).toBe(true);
  });

  it('convert reads a bare time in fromTimeZone', async () => {
    const result = await tools['convert']!.invoke({ time: '2025-06-15T09:30', fromTimeZone: 'America/New_York', toTimeZone: 'Asia/Tokyo' });
    expect(result.structuredContent).toMatchObject({ to: { iso: '2025-06-15T22:30:00+09:00' }, readAs: 'wall time in America/New_York' });
  });
});
