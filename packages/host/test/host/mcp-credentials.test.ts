// Credentials of a bundled (config-declared) MCP server through the host API: stored
// encrypted, shown masked, mapped into only that server's headers, checked by a preflight
// that tells the failure kinds apart, and picked up by a runtime reload.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startHttpMcpServer, type HttpMcpServer } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ok, startTestHost, until, type TestHost } from './support.js';

const TOKEN = 'tickets-PLAINTEXT-MARKER-2024';
const HELP = 'Give the token the tickets:read scope.';

let t: TestHost;
let tickets: HttpMcpServer;

beforeAll(async () => {
  tickets = await startHttpMcpServer({ requireAuthorization: `Bearer ${TOKEN}` });
  t = await startTestHost({
    rules: [],
    userConfig: {
      mcps: [
        {
          name: 'tickets',
          type: 'remote',
          description: 'Tickets.',
          url: tickets.url,
          authMode: 'api_token',
          credentialHelp: HELP,
          credentials: [
            { key: 'token', label: 'API token', secret: true, required: true },
            { key: 'team', label: 'Team' },
          ],
          headerSettings: [{ header: 'Authorization', key: 'token', prefix: 'Bearer ' }],
        },
      ],
    },
  });
}, 90_000);

afterAll(async () => {
  await t?.dispose();
  await tickets?.close();
});

const ticketsInfo = async () => (await ok(t.server, 'capabilities.list', {})).mcps.find((mcp) => mcp.name === 'tickets')!;

describe('credentials of a bundled MCP server', () => {
  it('starts unconfigured, its fields listed with nothing stored', async () => {
    const info = await ticketsInfo();
    expect(info).toMatchObject({ source: 'bundled', authMode: 'api_token', configured: false, credentialHelp: HELP });
    expect(info.credentials).toEqual([
      { key: 'token', label: 'API token', type: 'text', secret: true, required: true, isSet: false },
      { key: 'team', label: 'Team', type: 'text', secret: false, required: false, isSet: false },
    ]);
    expect(await ok(t.server, 'mcps.test', { target: { name: 'tickets' } })).toMatchObject({ ok: false, failure: 'missing_credentials', help: HELP });
  });

  it('runs a preflight on save: a rejected token is "unauthorized", with the help text', async () => {
    const saved = await ok(t.server, 'mcps.setCredentials', { name: 'tickets', values: { token: 'wrong-token-value', team: 'blue' } });
    expect(saved.preflight).toMatchObject({ ok: false, failure: 'unauthorized', help: HELP });
    expect(saved.mcp).toMatchObject({ configured: true });
    expect(saved.mcp.credentials?.find((field) => field.key === 'team')).toMatchObject({ isSet: true, value: 'blue' });
  });

  it('a good token passes the preflight, stays masked, and the server connects after the reload', async () => {
    const saved = await ok(t.server, 'mcps.setCredentials', { name: 'tickets', values: { token: TOKEN } });
    expect(saved.preflight).toMatchObject({ ok: true, tools: ['remote_fact'] });
    const field = saved.mcp.credentials?.find((entry) => entry.key === 'token');
    expect(field).toEqual({ key: 'token', label: 'API token', type: 'text', secret: true, required: true, isSet: true });
    await until(async () => (await ticketsInfo()).status === 'connected', 'tickets to connect after the reload', 120_000);

    expect(JSON.stringify(await ok(t.server, 'capabilities.list', {}))).not.toContain('PLAINTEXT-MARKER');
    expect(JSON.stringify(await ok(t.server, 'settings.get', {}))).not.toContain('PLAINTEXT-MARKER');
    expect(JSON.stringify(t.logs)).not.toContain('PLAINTEXT-MARKER');
    expect(await readFile(path.join(t.dataDir, 'settings.json'), 'utf8')).not.toContain('PLAINTEXT-MARKER');
  }, 180_000);

  it('refuses fields the server does not declare, and a cleared required field fails the preflight as missing', async () => {
    const unknown = await call(t.server, 'mcps.setCredentials', { name: 'tickets', values: { password: 'x' } });
    expect(unknown.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const cleared = await ok(t.server, 'mcps.setCredentials', { name: 'tickets', values: { token: null } });
    expect(cleared.preflight).toMatchObject({ ok: false, failure: 'missing_credentials', message: expect.stringContaining('API token') });
    expect(cleared.mcp).toMatchObject({ configured: false });
  });
});
