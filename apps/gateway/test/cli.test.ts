// The open-cowork-gateway command: help and usage errors everywhere, setup's env file, the
// store commands against the embedded store, doctor's stable codes, and smoke end to end.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, runGatewayCli } from '../src/cli/main.js';
import { PREFIX } from '../src/config/variables.js';
import { enqueueJob } from '../src/queue/jobs.js';
import { openStore, processOwnerId } from '../src/daemon/gateway.js';
import { loadGatewayConfig } from '../src/config/load.js';
import { LATEST_VERSION, MIGRATIONS } from '../src/store/migrations.js';
import { RUNTIME_ENV, tempDir, token } from './support/harness.js';

const dir = tempDir('gateway-cli-');
afterAll(() => dir.remove());

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runGatewayCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: dir.path });
  return { code, stdout, stderr };
}

const storeEnv = (name: string) => ({ [PREFIX + 'STORE']: 'embedded', [PREFIX + 'DATA_DIR']: path.join(dir.path, name) });

describe('open-cowork-gateway', () => {
  it('every command and subcommand answers --help with exit 0; mistakes exit 2 and name the help', async () => {
    expect((await run(['--help'])).code).toBe(0);
    for (const command of Object.keys(COMMANDS)) {
      const help = await run([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`open-cowork-gateway ${command}`);
    }
    for (const argv of [['identity', 'upsert', '--help'], ['jobs', 'list', '--help'], ['jobs', 'retry', '--help'], ['pairing', 'approve', '--help'], ['pairing', 'list', '--help']]) expect((await run(argv)).code, argv.join(' ')).toBe(0);
    for (const [argv, message] of [
      [['nope'], 'Unknown command "nope".'],
      [['serve', '--port', '1'], "Unknown option '--port'"],
      [['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'a', '--role', 'king'], '--role must be one of owner, admin, member, approver, viewer, disabled; got "king".'],
      [['jobs', 'list', '--status', 'weird'], '--status must be one of'],
      [['jobs', 'show'], 'jobs show needs a job id.'],
      [['backup'], '--output is required.'],
      [['setup'], 'Give exactly one of --output FILE or --print.'],
      [['pairing', 'approve'], 'pairing approve needs the CODE the sender received.'],
      [['pairing', 'approve', 'ABCDEFGH', '--role', 'disabled'], '--role must be one of owner, admin, member, approver, viewer; got "disabled".'],
      [['pairing', 'nope'], 'Unknown pairing command "nope".'],
      [['smoke', '--store', 'postgres'], '--store must be embedded or memory'],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toMatch(/Run "open-cowork-gateway.* --help" for usage\./);
    }
  });

  it('a bad configuration value fails the command with exit 1 and names the variable', async () => {
    const result = await run(['identity', 'list'], { [PREFIX + 'PORT']: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${PREFIX}PORT must be a whole number from 0 to 65535; got "eighty".`);
  });

  it('setup writes a 0600 env file that passes the checks and never prints a secret unless allowed', async () => {
    const file = path.join(dir.path, 'gateway.env');
    const written = await run(['setup', '--output', file, '--delivery-url', 'https://hooks.example.com/in', '--json']);
    expect(written.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const adminToken = /ADMIN_TOKEN='([0-9a-f]{64})'/.exec(text)?.[1];
    const secret = /WEBHOOK_SHARED_SECRET='([0-9a-f]{64})'/.exec(text)?.[1];
    expect(adminToken).toBeDefined();
    expect(written.stdout).not.toContain(adminToken!);
    expect(written.stdout).not.toContain(secret!);
    expect(JSON.parse(written.stdout)).toMatchObject({ generated: [`${PREFIX}ADMIN_TOKEN`, `${PREFIX}WEBHOOK_SHARED_SECRET`] });
    expect((await run(['setup', '--output', file])).code).toBe(1); // no overwrite without --force
    const printed = await run(['setup', '--print', '--admin-token', adminToken!]);
    expect(printed.stdout).toContain(`${PREFIX}ADMIN_TOKEN='<redacted>'`);
    expect(printed.stdout).not.toContain(adminToken!);
    const revealed = await run(['setup', '--print', '--admin-token', adminToken!, '--allow-secret-print']);
    expect(revealed.stdout).toContain(adminToken!);
    const env = Object.fromEntries(text.split('\n').filter((line) => line.startsWith(PREFIX)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 2, -1)]));
    expect(loadGatewayConfig({ env, cwd: dir.path }).webhook.deliveryUrl).toBe('https://hooks.example.com/in');
  });

  it('setup writes the Telegram channel (webhook mode gets a generated secret) and redacts the bot token', async () => {
    const bot = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';
    const printed = await run(['setup', '--print', '--telegram-bot-token', bot, '--telegram-mode', 'webhook', '--telegram-public-url', 'https://gw.example.com']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`${PREFIX}TELEGRAM_BOT_TOKEN='<redacted>'`);
    expect(printed.stdout).toContain(`${PREFIX}TELEGRAM_WEBHOOK_SECRET='<redacted>'`);
    expect(printed.stdout).toContain(`${PREFIX}TELEGRAM_PUBLIC_URL='https://gw.example.com'`);
    expect(printed.stdout).not.toContain(bot);
    const missingUrl = await run(['setup', '--print', '--telegram-bot-token', bot, '--telegram-mode', 'webhook']);
    expect(missingUrl.code).toBe(1);
    expect(missingUrl.stderr).toContain(`${PREFIX}TELEGRAM_MODE is webhook, which needs TELEGRAM_PUBLIC_URL.`);
  });

  it('setup refuses a public OpenCode URL and placeholder tokens (exit 1, naming the variable)', async () => {
    const publicUrl = await run(['setup', '--print', '--opencode-url', 'http://203.0.113.7:4096']);
    expect(publicUrl.code).toBe(1);
    expect(publicUrl.stderr).toContain(`${PREFIX}OPENCODE_URL is a public address`);
    const placeholder = await run(['setup', '--print', '--admin-token', 'changeme']);
    expect(placeholder.code).toBe(1);
    expect(placeholder.stderr).toContain(`${PREFIX}ADMIN_TOKEN`);
    expect(placeholder.stderr).not.toContain('changeme"');
  });

  it('identity upsert, list and disable on the embedded store, with --json', async () => {
    const env = storeEnv('identities');
    expect((await run(['identity', 'list'], env)).stdout).toContain('No identities yet');
    const up = await run(['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'alice', '--role', 'admin', '--display-name', 'Alice', '--json'], env);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout).identity).toMatchObject({ provider: 'webhook', providerWorkspaceId: '', externalUserId: 'alice', role: 'admin', displayName: 'Alice' });
    await run(['identity', 'upsert', '--provider', 'webhook', '--provider-workspace-id', 'acme', '--external-user-id', 'bob', '--role', 'viewer'], env);
    const listed = JSON.parse((await run(['identity', 'list', '--json'], env)).stdout) as { identities: { externalUserId: string }[] };
    expect(listed.identities.map((i) => i.externalUserId)).toEqual(['alice', 'bob']);
    expect((await run(['identity', 'disable', '--provider', 'webhook', '--external-user-id', 'alice'], env)).stdout).toContain('Disabled: webhook\t-\talice\tdisabled');
    const missing = await run(['identity', 'disable', '--provider', 'webhook', '--external-user-id', 'nobody'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('GATEWAY_NOT_FOUND');
  });

  it('jobs list, show, cancel and retry; migrate; backup and restore into another store', async () => {
    const env = storeEnv('jobs');
    expect(JSON.parse((await run(['migrate', '--json'], env)).stdout)).toMatchObject({ applied: MIGRATIONS.map((m) => m.version), schemaVersion: LATEST_VERSION });
    expect((await run(['migrate'], env)).stdout).toContain(`The store is current (schema ${LATEST_VERSION}).`);
    const config = loadGatewayConfig({ env, cwd: dir.path });
    const db = await openStore(config, processOwnerId());
    const { id } = await enqueueJob(db, { kind: 'prompt', payload: { text: 'private words' }, maxAttempts: 3 });
    await db.close();
    const listed = await run(['jobs', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    expect(listed.stdout).not.toContain('private words');
    expect((await run(['jobs', 'retry', id], env)).stderr).toContain('only dead, failed or cancelled jobs can be retried');
    expect((await run(['jobs', 'cancel', id, '--json'], env)).stdout).toContain('"status": "cancelled"');
    expect((await run(['jobs', 'retry', id], env)).stdout).toContain(`Job ${id} is now pending.`);
    expect(JSON.parse((await run(['jobs', 'show', id, '--json'], env)).stdout).job).toMatchObject({ id, status: 'pending', attempts: 0 });
    expect((await run(['jobs', 'show', 'no-such-job'], env)).code).toBe(1);

    const backupDir = path.join(dir.path, 'backup');
    const backup = await run(['backup', '--output', backupDir, '--json'], env);
    expect(backup.code).toBe(0);
    expect(statSync(path.join(backupDir, 'jobs.ndjson')).mode & 0o777).toBe(0o600);
    const target = storeEnv('restored');
    const restored = await run(['restore', '--input', backupDir, '--json'], target);
    expect(restored.code).toBe(0);
    expect(JSON.parse((await run(['jobs', 'list', '--json'], target)).stdout).jobs.map((j: { id: string }) => j.id)).toEqual([id]);
    writeFileSync(path.join(dir.path, 'not-a-backup.json'), '{}');
    const bad = await run(['restore', '--input', dir.path], storeEnv('bad-restore'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('GATEWAY_BACKUP_INVALID');
  });

  it('while the embedded store is open, opening it again is refused by its lock file', async () => {
    const env = storeEnv('locked');
    const config = loadGatewayConfig({ env, cwd: dir.path });
    const db = await openStore(config, processOwnerId());
    try {
      const result = await run(['identity', 'list'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('GATEWAY_STORE_LOCKED');
      expect(result.stderr).toContain('gateway.lock');
    } finally {
      await db.close();
    }
    expect((await run(['identity', 'list'], env)).code).toBe(0);
  });

  it('doctor --json: stable codes, boolean evidence, exit 1 until an identity may prompt', async () => {
    const env = { ...storeEnv('doctor'), [PREFIX + 'ADMIN_TOKEN']: token(), [PREFIX + 'WEBHOOK_SHARED_SECRET']: token() };
    const result = await run(['doctor', '--json', '--no-runtime'], env);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: { code: string; ok: boolean; evidence: Record<string, unknown> }[] };
    expect(report.checks.map((c) => c.code)).toEqual([
      'GATEWAY_PRODUCT_MODE',
      'GATEWAY_ADMIN_TOKEN',
      'GATEWAY_STORE_READY',
      'GATEWAY_STORE_MIGRATIONS',
      'GATEWAY_DATABASE_TLS',
      'GATEWAY_OPENCODE_HEALTH',
      'GATEWAY_PROVIDERS_CONFIGURED',
      'GATEWAY_IDENTITY_AUTHORIZATION',
      'GATEWAY_RETENTION_POLICY',
      'GATEWAY_WEBHOOK_CHANNEL',
      'GATEWAY_TELEGRAM_CHANNEL',
    ]);
    for (const check of report.checks) for (const value of Object.values(check.evidence)) expect(typeof value).toBe('boolean');
    expect(report.checks.find((c) => c.code === 'GATEWAY_IDENTITY_AUTHORIZATION')).toMatchObject({ ok: false, evidence: { promptCapableIdentity: false } });
    expect(report.checks.find((c) => c.code === 'GATEWAY_STORE_READY')?.ok).toBe(true);
    expect(result.stdout).not.toContain(env[PREFIX + 'ADMIN_TOKEN']!);
    await run(['identity', 'upsert', '--provider', 'webhook', '--external-user-id', 'alice', '--role', 'member'], env);
    const after = JSON.parse((await run(['doctor', '--json', '--no-runtime'], env)).stdout) as typeof report;
    expect(after.checks.find((c) => c.code === 'GATEWAY_IDENTITY_AUTHORIZATION')?.ok).toBe(true);
  });

  it('smoke: a full round trip with the real runtime and the scripted model exits 0 and lists its steps', async () => {
    const result = await run(['smoke', '--store', 'memory', '--json'], RUNTIME_ENV);
    const report = JSON.parse(result.stdout) as { ok: boolean; steps: { step: string; ok: boolean }[] };
    expect(report.steps.map((s) => [s.step, s.ok])).toEqual([
      ['model', true],
      ['peer', true],
      ['gateway', true],
      ['identity', true],
      ['webhook', true],
      ['reply', true],
      ['shutdown', true],
    ]);
    expect(result.code).toBe(0);
  });
});
