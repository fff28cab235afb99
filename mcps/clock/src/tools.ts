// The clock server's tools: now, convert, add, diff.

import { defineTool, jsonResult, z, type Tool } from '@open-cowork/mcp-kit';
import { addDuration, diff, UNITS, type Duration } from './calc.js';
import { resolveInstant, parseDateTime } from './parse.js';
import { checkZone, describeInstant, systemZone } from './zones.js';

export interface ClockContext {
  /** The current instant; injectable for tests. */
  now(): number;
  /** The zone used when a call names none (the host's). */
  defaultZone: string;
}

export const defaultClock = (): ClockContext => ({ now: () => Date.now(), defaultZone: systemZone() });

const zoneArg = (what: string) =>
  z
    .string()
    .max(64)
    .optional()
    .describe(`${what}: an IANA time zone such as "Europe/Paris", "America/New_York" or "UTC". Default: the user's local zone.`);

const dateTimeArg = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .describe(`${what}: ISO 8601, e.g. "2025-03-14", "2025-03-14T09:30" (read in the zone given) or "2025-03-14T09:30:00Z" / "…+01:00" (offset wins).`);

const amount = (unit: string) =>
  z.number().int().min(-1_000_000).max(1_000_000).optional().describe(`Whole ${unit} to add (negative subtracts).`);

export function clockTools(ctx: ClockContext): Tool[] {
  const zoneOr = (zone: string | undefined) => checkZone(zone ?? ctx.defaultZone);

  return [
    defineTool({
      name: 'now',
      title: 'Current date and time',
      description:
        'The current date and time in a time zone: ISO 8601 with offset, UTC, zone, UTC offset and weekday. Call it instead of guessing today\'s date.',
      input: { timeZone: zoneArg('Zone to show the time in') },
      readOnly: true,
      run({ timeZone }) {
        return jsonResult({ ...describeInstant(ctx.now(), zoneOr(timeZone)) });
      },
    }),
    defineTool({
      name: 'convert',
      title: 'Convert a time between zones',
      description:
        'Shows a date-time in another time zone, e.g. "9:30 in New York, what time in Tokyo?". A time without an offset is read in fromTimeZone.',
      input: {
        time: dateTimeArg('The time to convert'),
        fromTimeZone: zoneArg('Zone the time is written in (ignored when the time carries an offset)'),
        toTimeZone: z.string().min(1).max(64).describe('Target IANA time zone, e.g. "Asia/Tokyo".'),
      },
      readOnly: true,
      run({ time, fromTimeZone, toTimeZone }) {
        const from = zoneOr(fromTimeZone);
        const to = checkZone(toTimeZone);
        const instant = resolveInstant(time, from);
        const hadOffset = parseDateTime(time).offsetMinutes !== undefined;
        return jsonResult({
          input: time,
          readAs: hadOffset ? 'the offset in the time' : `wall time in ${from}`,
          from: describeInstant(instant, from),
          to: describeInstant(instant, to),
        });
      },
    }),
    defineTool({
      name: 'add',
      title: 'Add to or subtract from a date',
      description:
        'Date arithmetic in a time zone: adds (or, with negative numbers, subtracts) years, months, weeks, days, hours and minutes. Calendar units keep the time of day across daylight-saving changes and clamp to month ends (Jan 31 + 1 month = Feb 28/29); hours and minutes are elapsed time.',
      input: {
        start: dateTimeArg('Start date-time').optional().describe('Start date-time (ISO 8601). Default: now.'),
        timeZone: zoneArg('Zone for calendar arithmetic and for the result'),
        years: amount('years'),
        months: amount('months'),
        weeks: amount('weeks'),
        days: amount('days'),
        hours: amount('hours'),
        minutes: amount('minutes'),
      },
      readOnly: true,
      run({ start, timeZone, ...amounts }) {
        const zone = zoneOr(timeZone);
        const from = start === undefined ? ctx.now() : resolveInstant(start, zone);
        const duration: Duration = {};
        for (const [unit, value] of Object.entries(amounts)) if (value !== undefined) duration[unit as keyof Duration] = value;
        const result = addDuration(from, duration, zone);
        return jsonResult({ start: describeInstant(from, zone), added: duration, result: describeInstant(result, zone) });
      },
    }),
    defineTool({
      name: 'diff',
      title: 'Time between two dates',
      description:
        'The time from start to end, broken down into the chosen units (largest first) and as a total in each unit. Negative when end is before start.',
      input: {
        start: dateTimeArg('Start date-time'),
        end: dateTimeArg('End date-time').optional().describe('End date-time (ISO 8601). Default: now.'),
        units: z
          .array(z.enum(UNITS))
          .min(1)
          .max(UNITS.length)
          .optional()
          .describe('Units for the breakdown, e.g. ["days", "hours"]. Default: ["days", "hours", "minutes"].'),
        timeZone: zoneArg('Zone for reading times without an offset and for calendar units'),
      },
      readOnly: true,
      run({ start, end, units, timeZone }) {
        const zone = zoneOr(timeZone);
        const startMs = resolveInstant(start, zone);
        const endMs = end === undefined ? ctx.now() : resolveInstant(end, zone);
        const result = diff(startMs, endMs, units ?? ['days', 'hours', 'minutes'], zone);
        return jsonResult({ start: describeInstant(startMs, zone).iso, end: describeInstant(endMs, zone).iso, timeZone: zone, ...result });
      },
    }),
  ];
}
