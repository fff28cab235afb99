// Telemetry: one private NDJSON file per day, retention, every event sanitised before it is
// written or forwarded, forwarding to an https collector with its headers, a stalled
// collector that never holds up recording, and the off switch.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenCoworkConfig } from '@open-cowork/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/ports/index.js';
import { configSecrets, createSanitizer, KnownSecrets, Telemetry, type TelemetryEvent, type TelemetryOptions } from '../../src/telemetry/index.js';
import { tempDir, testLogger } from '../support/catalog-runtime.js';
import { makeTestTls, OPENSSL_MISSING, startLocalHttps, type LocalHttps, type TestTls } from '@open-cowork/testing';

const DAY = 86_400_000;
const HOME = '/home/alice';

type Section = NonNullable<OpenCoworkConfig['telemetry']>;

async function telemetryIn(section: Section = {}, extra: Partial<TelemetryOptions> & { secrets?: Iterable<string> } = {}) {
  const dataDir = await tempDir('oc-telemetry-');
  const clock = extra.clock instanceof ManualClock ? extra.clock : new ManualClock(Date.UTC(2026, 10, 21, 10, 0, 0));
  const { logger, records } = testLogger();
  const known = [...(extra.secrets ?? [])];
  const telemetry = new Telemetry({
    config: section,
    dataDir,
    sanitizer: createSanitizer({ secrets: () => known, homeDir: HOME }),
    logger,
    runId: 'run-1',
    homeDir: HOME,
    clock,
    ...extra,
  });
  return { telemetry, dataDir, dir: path.join(dataDir, 'telemetry'), clock: clock as ManualClock, records };
}

async function lines(file: string): Promise<TelemetryEvent[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TelemetryEvent);
}

describe('telemetry files', () => {
  it('writes one private NDJSON file per UTC day under <data>/telemetry', async () => {
    const { telemetry, dir, clock } = await telemetryIn();
    telemetry.record('app.started', { app: '1.2.3' });
    telemetry.record('session.created', { sessionId: 'ses_1', workspaceId: 'ws_1' });
    clock.advance(DAY);
    telemetry.record('prompt.sent', { sessionId: 'ses_1', model: 'openrouter/x' });
    await telemetry.flush();

    expect((await readdir(dir)).sort()).toEqual(['2026-11-21.ndjson', '2026-11-22.ndjson']);
    const first = await lines(path.join(dir, '2026-11-21.ndjson'));
    expect(first.map((e) => e.event)).toEqual(['app.started', 'session.created']);
    expect(first[0]).toEqual({ v: 1, time: '2026-11-21T10:00:00.000Z', event: 'app.started', run: 'run-1', data: { app: '1.2.3' } });
    expect((await lines(path.join(dir, '2026-11-22.ndjson')))[0]).toMatchObject({ event: 'prompt.sent', data: { model: 'openrouter/x' } });
    if (process.platform !== 'win32') {
      expect((await stat(path.join(dir, '2026-11-21.ndjson'))).mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
    expect(telemetry.status()).toMatchObject({ enabled: true, retentionDays: 30, forwarding: { configured: false, active: false } });
  });

  it('deletes day files older than retentionDays when it starts and when the day changes', async () => {
    const { telemetry, dir, clock } = await telemetryIn({ retentionDays: 7 });
    await mkdir(dir, { recursive: true });
    for (const name of ['2026-11-01.ndjson', '2026-11-13.ndjson', '2026-11-14.ndjson', '2026-11-20.ndjson', 'notes.txt']) await writeFile(path.join(dir, name), '{}\n');
    telemetry.start();
    expect(await telemetry.files.days()).toEqual(['2026-11-14', '2026-11-20']);
    expect(await readdir(dir)).toContain('notes.txt'); // not ours: left alone

    telemetry.record('a');
    clock.advance(2 * DAY); // 2026-11-23: the 14th is now past the week
    telemetry.record('b');
    expect(await telemetry.files.days()).toEqual(['2026-11-20', '2026-11-21', '2026-11-23']);
  });
});

describe('sanitising', () => {
  it('leaves no planted secret or home path in the files or the forwarded events', async () => {
    const config = {
      telemetry: { headers: { Authorization: 'Bearer tele-header-SECRET-1' } },
      providers: { descriptors: { acme: { dynamicCatalog: { url: 'https://x.example', authHeader: 'catalog-auth-SECRET-2' } } } },
    } as unknown as OpenCoworkConfig;
    const known = new KnownSecrets({
      config,
      plainCredentials: async () => ({ providerCredentials: { openrouter: { apiKey: 'stored-provider-SECRET-3' } }, mcpCredentials: { github: { token: 'stored-mcp-SECRET-4' } } }),
      customMcps: async () => [{ headers: { 'X-Key': 'custom-header-SECRET-5' }, environment: { SERVICE_PASSWORD: 'pw-6xy7', LONG_VALUE: 'custom-env-SECRET-7' } }],
    });
    await known.refresh();
    const dataDir = await tempDir('oc-telemetry-');
    const telemetry = new Telemetry({
      config: {},
      dataDir,
      sanitizer: createSanitizer({ secrets: () => known.values(), homeDir: HOME }),
      logger: testLogger().logger,
      runId: 'r',
      clock: new ManualClock(),
    });
    const planted = [
      'tele-header-SECRET-1',
      'catalog-auth-SECRET-2',
      'stored-provider-SECRET-3',
      'stored-mcp-SECRET-4',
      'custom-header-SECRET-5',
      'pw-6xy7',
      'custom-env-SECRET-7',
      'sk-or-v1-0123456789abcdefSECRET8',
      'ya29.a0AfH6SMB-google-access-SECRET9',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNlY3JldA',
    ];
    telemetry.record('host.error', {
      method: 'mcps.add',
      message: `failed in ${HOME}/projects/acme with ${planted.join(' and ')}`,
      nested: { list: [`${HOME}/.config/x`, 'Bearer abcdefghijklmnop'], apiKey: 'plain-named-SECRET-10' },
      [`${HOME}/key`]: 1,
    });
    await telemetry.flush();
    const text = await readFile(path.join(dataDir, 'telemetry', '2025-01-01.ndjson'), 'utf8');
    for (const secret of [...planted, 'plain-named-SECRET-10', 'abcdefghijklmnop', HOME]) expect(text).not.toContain(secret);
    const [event] = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TelemetryEvent);
    expect(event!.data['message']).toMatch(/^failed in ~\/projects\/acme with \[redacted\]/);
    expect((event!.data['nested'] as { list: string[] }).list[0]).toBe('~/.config/x');
    expect(Object.keys(event!.data)).toContain('~/key');
    expect(configSecrets(config)).toEqual(new Set(['Bearer tele-header-SECRET-1', 'tele-header-SECRET-1', 'catalog-auth-SECRET-2']));
  });
});

describe.skipIf(OPENSSL_MISSING !== undefined)(`forwarding${OPENSSL_MISSING ? ` (skipped: ${OPENSSL_MISSING})` : ''}`, () => {
  let tls: TestTls;
  let server: LocalHttps;
  beforeAll(async () => {
    tls = await makeTestTls();
    server = await startLocalHttps(tls);
  });
  afterAll(async () => {
    await server?.close();
  });

  const section = (): Section => ({
    enabled: true,
    endpoint: `${server.origin}/ingest?key=QUERY-SECRET`,
    headers: { Authorization: 'Bearer forward-token-SECRET', 'X-Team': 'acme' },
  });

  it('POSTs sanitised events to the collector with the configured headers', async () => {
    server.requests.splice(0);
    server.handle((_req, res) => res.writeHead(204).end());
    const { telemetry } = await telemetryIn(section(), { forwarding: { network: { ca: tls.ca } }, secrets: ['forward-token-SECRET'] });
    telemetry.record('session.created', { sessionId: 'ses_1', note: `${HOME}/x and forward-token-SECRET` });
    telemetry.record('mcp.added', { name: 'github' });
    await telemetry.flush();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/ingest?key=QUERY-SECRET' });
    expect(request!.headers['authorization']).toBe('Bearer forward-token-SECRET');
    expect(request!.headers['x-team']).toBe('acme');
    expect(request!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request!.body) as { events: TelemetryEvent[] };
    expect(body.events.map((e) => e.event)).toEqual(['session.created', 'mcp.added']);
    expect(body.events[0]!.data).toEqual({ sessionId: 'ses_1', note: '~/x and [redacted]' });

    const status = telemetry.status();
    expect(status.forwarding).toEqual({ configured: true, active: true, origin: server.origin, headers: ['Authorization', 'X-Team'], sent: 1, failed: 0, dropped: 0 });
    expect(JSON.stringify(status)).not.toContain('SECRET');
  });

  it('never makes the caller wait for a stalled collector: 2-second deadline, bounded queue, quiet debug log', async () => {
    server.requests.splice(0);
    server.handle(() => undefined); // reads the request, never answers
    const { telemetry, records, dir } = await telemetryIn(section(), { forwarding: { network: { ca: tls.ca }, maxQueue: 3 } });
    for (let i = 0; i < 5; i += 1) expect(telemetry.record('prompt.sent', { i })).toBeUndefined();
    // Returned before any request went out: forwarding happens after the caller's turn.
    expect(server.requests).toHaveLength(0);
    expect(telemetry.status().forwarding.dropped).toBe(2);
    // The local file does not wait for the collector either.
    await telemetry.files.idle();
    expect((await readdir(dir)).length).toBe(1);

    await telemetry.flush(); // the request gives up at its 2-second deadline
    const status = telemetry.status().forwarding;
    expect(status).toMatchObject({ sent: 0, failed: 1, dropped: 2 });
    const logged = records.filter((r) => r.message === 'telemetry events not forwarded');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'debug', data: { origin: server.origin, reason: 'no answer within 2000 ms', events: 3 } });
    expect(JSON.stringify(records)).not.toContain('forward-token-SECRET');
    expect(JSON.stringify(records)).not.toContain('QUERY-SECRET');
  });

  it('does not forward without an endpoint or with an empty header, and says why', async () => {
    const noEndpoint = await telemetryIn({ enabled: true });
    expect(noEndpoint.telemetry.status().forwarding).toMatchObject({ configured: true, active: false, problem: expect.stringContaining('endpoint') });
    const emptyHeader = await telemetryIn({ ...section(), headers: { Authorization: '' } });
    expect(emptyHeader.telemetry.status().forwarding).toMatchObject({ active: false, problem: expect.stringContaining('Authorization is empty') });
    expect(emptyHeader.records.some((r) => r.level === 'warn' && r.message.startsWith('telemetry forwarding is off'))).toBe(true);
  });
});

describe('the off switch', () => {
  it('records nothing, writes no file and forwards nothing when collect is false', async () => {
    const { telemetry, dir } = await telemetryIn({ collect: false, enabled: true, endpoint: 'https://127.0.0.1:9/ingest' });
    telemetry.start();
    telemetry.record('app.started', {});
    await telemetry.flush();
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(telemetry.status()).toMatchObject({ enabled: false, forwarding: { configured: true, active: false, sent: 0, failed: 0 } });
  });

  it('is also honoured from the host options', async () => {
    const { telemetry, dir } = await telemetryIn({}, { disabled: true });
    telemetry.record('app.started', {});
    await telemetry.flush();
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(telemetry.status().enabled).toBe(false);
    expect(telemetry.status().directory).toMatch(/telemetry$/);
  });
});
