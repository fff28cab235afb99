import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, type ConfigIssue } from '../src/config/load.js';
import { GatewayError } from '../src/errors.js';

const P = 'OPEN_COWORK_STANDALONE_GATEWAY_';
const TOKEN = 'a7f3c9e1b5d2f8a4c6e0b9d3f7a1c5e2';

function issuesOf(env: Record<string, string>): ConfigIssue[] {
  try {
    loadGatewayConfig({ env, cwd: '/', homeDir: '/home/nobody' });
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return ((error as GatewayError<{ issues: ConfigIssue[] }>).data?.issues ?? []) as ConfigIssue[];
  }
  return [];
}

describe('gateway configuration', () => {
  it('defaults: embedded store in the XDG data dir, port 8795, solo', () => {
    const config = loadGatewayConfig({ env: {}, cwd: '/', homeDir: '/home/op' });
    expect(config).toMatchObject({ store: 'embedded', mode: 'solo', port: 8795, host: '127.0.0.1', dataDir: '/home/op/.local/share/open-cowork-gateway' });
    expect(config.opencode.workspace).toBe('/home/op/.local/share/open-cowork-gateway/workspace');
    expect(loadGatewayConfig({ env: { [P + 'DATABASE_URL']: 'postgres://u@db/x' } }).store).toBe('postgres');
  });

  it('every bad value is an error naming its variable — never a silent default', () => {
    const issues = issuesOf({
      [P + 'PORT']: '80a',
      [P + 'JOB_MAX_ATTEMPTS']: '0',
      [P + 'TRUST_PROXY_HEADERS']: 'maybe',
      [P + 'TRUSTED_PROXY_CIDRS']: '10.0.0.0/33',
      [P + 'WEBHOOK_DELIVERY_URL']: 'ftp://example.com/x',
      [P + 'DEPLOYMENT_MODE']: 'cluster',
      [P + 'RETENTION_AUDIT_DAYS']: '-1',
      [P + 'WEBHOOK_PROVIDER_IDS']: 'Bad Name',
    });
    const byVariable = Object.fromEntries(issues.map((issue) => [issue.variable.slice(P.length), issue.message]));
    expect(byVariable['PORT']).toBe(`${P}PORT must be a whole number from 0 to 65535; got "80a".`);
    expect(byVariable['JOB_MAX_ATTEMPTS']).toBe(`${P}JOB_MAX_ATTEMPTS must be from 1 to 100; got 0.`);
    expect(byVariable['TRUST_PROXY_HEADERS']).toBe(`${P}TRUST_PROXY_HEADERS must be true or false; got "maybe".`);
    expect(byVariable['TRUSTED_PROXY_CIDRS']).toContain('"10.0.0.0/33" is not a CIDR');
    expect(byVariable['WEBHOOK_DELIVERY_URL']).toContain('must use http: or https:; got ftp:');
    expect(byVariable['DEPLOYMENT_MODE']).toContain('must be one of solo, team, enterprise; got "cluster"');
    expect(byVariable['RETENTION_AUDIT_DAYS']).toContain('must be from 1 to 36500; got -1');
    expect(byVariable['WEBHOOK_PROVIDER_IDS']).toContain('"Bad Name" is not an id');
  });

  it('an unknown OPEN_COWORK_STANDALONE_GATEWAY_ variable is an error, not ignored (a typo would otherwise fall back)', () => {
    expect(issuesOf({ [P + 'PROT']: '9000' }).map((i) => i.message)).toEqual([`${P}PROT is not a gateway variable (see docs/gateway.md for the list).`]);
  });

  it('refuses placeholder-looking and short tokens', () => {
    for (const value of ['changeme', 'changeme-changeme-changeme-changeme', '<your admin token here, 32 chars long>', 'x'.repeat(40), '${ADMIN_TOKEN}-padding-padding-padding-pad', 'short']) {
      const issues = issuesOf({ [P + 'ADMIN_TOKEN']: value });
      expect(issues.map((i) => i.variable), value).toEqual([`${P}ADMIN_TOKEN`]);
    }
    expect(issuesOf({ [P + 'ADMIN_TOKEN']: TOKEN, [P + 'WEBHOOK_SHARED_SECRET']: TOKEN.toUpperCase() })).toEqual([]);
  });

  it('reads a JSONC file and inline JSON; the environment wins over both', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gateway-config-'));
    const file = path.join(dir, 'gateway.jsonc');
    writeFileSync(file, `{\n  // comments and trailing commas are fine\n  "${P}PORT": 9001,\n  "${P}HOST": "0.0.0.0",\n  "${P}JOB_MAX_ATTEMPTS": 7,\n}\n`);
    const config = loadGatewayConfig({ env: { [P + 'CONFIG']: file, [P + 'CONFIG_JSON']: `{"${P}HOST":"127.0.0.2","${P}WORKER_CONCURRENCY":3}`, [P + 'JOB_MAX_ATTEMPTS']: '9' } });
    expect(config.port).toBe(9001);
    expect(config.host).toBe('127.0.0.2');
    expect(config.jobs.concurrency).toBe(3);
    expect(config.jobs.maxAttempts).toBe(9);
    writeFileSync(file, `{"${P}PORT": "nope"}`);
    expect(issuesOf({ [P + 'CONFIG']: file })[0]).toMatchObject({ variable: `${P}PORT`, source: file });
    writeFileSync(file, `{"${P}PORT": [1]}`);
    expect(issuesOf({ [P + 'CONFIG']: file })[0]?.message).toContain('must be a string, number or boolean');
    expect(issuesOf({ [P + 'CONFIG_JSON']: '{not json' })[0]?.message).toContain('is not valid JSON');
    expect(issuesOf({ [P + 'CONFIG']: path.join(dir, 'missing.json') })[0]?.message).toContain('cannot read');
  });

  it('keeps OpenCode private: public and wildcard OPENCODE_URLs are refused', () => {
    for (const url of ['http://8.8.8.8:4096', 'http://0.0.0.0:4096', 'http://[::]:4096', 'https://203.0.113.9']) {
      expect(issuesOf({ [P + 'OPENCODE_URL']: url }).map((i) => i.variable), url).toEqual([`${P}OPENCODE_URL`]);
    }
    for (const url of ['http://127.0.0.1:4096', 'http://localhost:4096', 'http://10.1.2.3:4096', 'http://[::1]:4096']) {
      expect(issuesOf({ [P + 'OPENCODE_URL']: url }), url).toEqual([]);
    }
  });

  it('team and enterprise need PostgreSQL with verified TLS', () => {
    expect(issuesOf({ [P + 'DEPLOYMENT_MODE']: 'team' })[0]?.message).toContain('needs STORE=postgres');
    expect(issuesOf({ [P + 'DEPLOYMENT_MODE']: 'enterprise', [P + 'DATABASE_URL']: 'postgres://u@db/x' })[0]?.message).toContain('needs verified TLS');
    expect(issuesOf({ [P + 'DEPLOYMENT_MODE']: 'team', [P + 'DATABASE_URL']: 'postgres://u@db/x', [P + 'DATABASE_SSL']: 'true', [P + 'DATABASE_SSL_REJECT_UNAUTHORIZED']: 'false' })[0]?.message).toContain('needs verified TLS');
    expect(issuesOf({ [P + 'DEPLOYMENT_MODE']: 'team', [P + 'DATABASE_URL']: 'postgres://u@db/x', [P + 'DATABASE_SSL']: 'true' })).toEqual([]);
  });

  it('cross-checks related variables', () => {
    const messages = issuesOf({
      [P + 'STORE']: 'postgres',
      [P + 'TRUST_PROXY_HEADERS']: 'true',
      [P + 'WEBHOOK_DELIVERY_URL']: 'http://192.168.1.5/hook',
      [P + 'DATABASE_SSL_CA_PATH']: '/nonexistent/ca.pem',
    }).map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${P}STORE is postgres, but DATABASE_URL is not set.`,
        `${P}TRUST_PROXY_HEADERS is true, but TRUSTED_PROXY_CIDRS names no proxy.`,
        `${P}WEBHOOK_DELIVERY_URL is set, but WEBHOOK_SHARED_SECRET (which signs deliveries) is not.`,
        `${P}DATABASE_SSL_CA_PATH is set, but DATABASE_SSL is not true.`,
      ]),
    );
    expect(messages.some((m) => m.startsWith(`${P}WEBHOOK_DELIVERY_URL is refused:`))).toBe(true);
  });

  it('refuses a workspace that would show the runtime DATA_DIR itself, the store or its own private files', () => {
    const at = (workspace: string) => issuesOf({ [P + 'DATA_DIR']: '/srv/gw', [P + 'OPENCODE_WORKSPACE']: workspace }).map((i) => i.message);
    expect(at('/srv/gw')).toEqual([`${P}OPENCODE_WORKSPACE is DATA_DIR itself (/srv/gw); use a folder of its own, e.g. the default DATA_DIR/workspace.`]);
    expect(at('/srv/gw/store/base')).toEqual([`${P}OPENCODE_WORKSPACE is inside DATA_DIR/store (/srv/gw/store), which the runtime must not see.`]);
    expect(at('/srv/gw/runtime/')).toEqual([`${P}OPENCODE_WORKSPACE is inside DATA_DIR/runtime (/srv/gw/runtime), which the runtime must not see.`]);
    // Its own folder in DATA_DIR, and a parent of DATA_DIR (the sandbox covers DATA_DIR there), are fine.
    for (const fine of ['/srv/gw/workspace', '/srv/gw/store-notes', '/srv', '/work/project']) expect(at(fine), fine).toEqual([]);
  });

  it('checks the Telegram channel: token shape, webhook needs, plain http only to this machine', () => {
    const bot = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';
    const messages = issuesOf({
      [P + 'TELEGRAM_BOT_TOKEN']: 'not-a-bot-token-but-long-enough-to-pass-length',
      [P + 'TELEGRAM_MODE']: 'webhook',
      [P + 'TELEGRAM_WEBHOOK_SECRET']: 'has spaces and $ymbols that Telegram refuses!!',
      [P + 'TELEGRAM_API_ROOT']: 'http://203.0.113.9:8081',
    }).map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${P}TELEGRAM_BOT_TOKEN does not look like a bot token from @BotFather (digits, a colon, then at least 30 letters, digits, _ or -).`,
        `${P}TELEGRAM_WEBHOOK_SECRET may hold only letters, digits, _ and - (at most 256), as Telegram requires.`,
        `${P}TELEGRAM_MODE is webhook, which needs TELEGRAM_PUBLIC_URL.`,
        `${P}TELEGRAM_API_ROOT may use http only for a server on this machine or a private network; use https.`,
      ]),
    );
    expect(issuesOf({ [P + 'TELEGRAM_PUBLIC_URL']: 'https://gw.example.com' }).map((i) => i.message)).toEqual([`${P}TELEGRAM_PUBLIC_URL is set, but TELEGRAM_BOT_TOKEN is not.`]);
    expect(issuesOf({ [P + 'TELEGRAM_BOT_TOKEN']: bot, [P + 'TELEGRAM_PUBLIC_URL']: 'http://gw.example.com' }).map((i) => i.message)).toEqual(
      expect.arrayContaining([expect.stringContaining(`${P}TELEGRAM_PUBLIC_URL must use https:`)]),
    );
    expect(issuesOf({ [P + 'APPROVAL_TIMEOUT_MS']: '100', [P + 'PAIRING']: 'maybe' }).map((i) => i.variable).sort()).toEqual([P + 'APPROVAL_TIMEOUT_MS', P + 'PAIRING']);
    const config = loadGatewayConfig({ env: { [P + 'TELEGRAM_BOT_TOKEN']: bot, [P + 'PAIRING']: 'on' }, cwd: '/', homeDir: '/home/nobody' });
    expect(config.telegram).toEqual({ token: bot, mode: 'polling', apiRoot: 'https://api.telegram.org', pollTimeoutSeconds: 30 });
    expect(config.pairing).toBe(true);
    expect(config.approvals).toEqual({ prompterCanApprove: false, timeoutMs: 300_000 });
  });
});
