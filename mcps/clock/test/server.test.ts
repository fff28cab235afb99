// The bundled clock server (dist/index.js) through the real MCP SDK client over stdio.

import { dataOf, ensureBundle, startServer, textOf, type RunningServer } from '@open-cowork/mcp-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: RunningServer;

beforeAll(async () => {
  ensureBundle('clock');
  server = await startServer('clock', { TZ: 'UTC' });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('clock MCP server over stdio', () => {
  it('lists its four tools with schemas', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['add', 'convert', 'diff', 'now']);
    const convert = tools.find((tool) => tool.name === 'convert');
    expect(convert?.inputSchema.required).toEqual(['time', 'toTimeZone']);
    expect(convert?.annotations?.readOnlyHint).toBe(true);
  });

  it('answers now, convert, add and diff', async () => {
    const now = dataOf<{ zone: string; iso: string; weekday: string }>(await server.client.callTool({ name: 'now', arguments: { timeZone: 'Asia/Tokyo' } }));
    expect(now.zone).toBe('Asia/Tokyo');
    expect(now.iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+09:00$/);
    expect(dataOf(await server.client.callTool({ name: 'now', arguments: {} }))).toMatchObject({ zone: 'UTC' });

    const converted = dataOf(
      await server.client.callTool({ name: 'convert', arguments: { time: '2025-01-15T09:00', fromTimeZone: 'Europe/London', toTimeZone: 'America/Los_Angeles' } }),
    );
    expect(converted).toMatchObject({ to: { iso: '2025-01-15T01:00:00-08:00', weekday: 'Wednesday' } });

    const added = dataOf(await server.client.callTool({ name: 'add', arguments: { start: '2025-01-31', timeZone: 'UTC', months: 1, hours: -1 } }));
    expect(added).toMatchObject({ result: { iso: '2025-02-27T23:00:00+00:00' } });

    const span = dataOf(await server.client.callTool({ name: 'diff', arguments: { start: '2025-01-01', end: '2025-03-15T12:00', units: ['months', 'days', 'hours'], timeZone: 'UTC' } }));
    expect(span).toMatchObject({ breakdown: { months: 2, days: 14, hours: 12 }, human: '2 months, 14 days and 12 hours' });
  });

  it('turns bad arguments into tool errors and keeps answering', async () => {
    const unknownZone = await server.client.callTool({ name: 'now', arguments: { timeZone: 'Atlantis/Capital' } });
    expect(unknownZone.isError).toBe(true);
    expect(textOf(unknownZone)).toContain('Unknown time zone "Atlantis/Capital"');

    const wrongType = await server.client.callTool({ name: 'add', arguments: { start: '2025-01-01', days: 'three' } });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/Input validation error/);

    const unknownArg = await server.client.callTool({ name: 'now', arguments: { zone: 'UTC' } });
    expect(unknownArg.isError).toBe(true);

    const badDate = await server.client.callTool({ name: 'diff', arguments: { start: 'yesterday' } });
    expect(textOf(badDate)).toContain('Cannot read "yesterday" as a date-time');

    expect((await server.client.callTool({ name: 'now', arguments: { timeZone: 'UTC' } })).isError).toBeFalsy();
    expect(server.stderr()).toBe('');
  });
});
