// `open-cowork-gateway runner …`, `submitter …` and `bind …`: a token printed once and stored
// only as a hash, names that cannot be taken twice, revocation that ends a token at once, chats
// bound only to workspaces a runner serves, and usage mistakes named with exit 2.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGatewayCli } from '../src/cli/main.js';
import { loadGatewayConfig } from '../src/config/load.js';
import { PREFIX } from '../src/config/variables.js';
import { openStore, processOwnerId } from '../src/daemon/gateway.js';
import { AuditType, listAudit } from '../src/store/audit.js';
import { verifyCredential } from '../src/tasks/credentials.js';
import { tempDir } from './support/harness.js';

const dir = tempDir('gateway-credentials-');
afterAll(() => dir.remove());
const env = { [PREFIX + 'STORE']: 'embedded', [PREFIX + 'DATA_DIR']: path.join(dir.path, 'data') };

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runGatewayCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: dir.path });
  return { code, stdout, stderr };
}

async function withDb<T>(work: (db: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const db = await openStore(loadGatewayConfig({ env, cwd: dir.path }), processOwnerId());
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

describe('runner and submitter credentials', () => {
  it('a runner token is printed once, stored as a hash, refused after revocation; the name can then be reused', async () => {
    const added = await run(['runner', 'add', 'mac-studio', '--workspace', 'repo', '--workspace', 'docs', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const { token, runner } = JSON.parse(added.stdout) as { token: string; runner: { name: string; workspaces: string[]; status: string } };
    expect(token).toMatch(/^ocgr\.[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(runner).toMatchObject({ name: 'mac-studio', workspaces: ['repo', 'docs'], status: 'active' });
    const secret = token.split('.')[2]!;
    await withDb(async (db) => {
      const rows = await db.query('select * from gateway_credentials');
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect((await verifyCredential(db, token))?.name).toBe('mac-studio');
      expect(await verifyCredential(db, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
      expect(await verifyCredential(db, token.replace('ocgr.', 'ocgs.'))).toBeUndefined(); // a runner secret is no submitter token
    });
    const listed = await run(['runner', 'list', '--json']);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout).runners).toEqual([expect.objectContaining({ name: 'mac-studio', status: 'active' })]);
    expect((await run(['runner', 'list'])).stdout).toMatch(/^mac-studio\tactive\trepo,docs\tcreated /m);

    const again = await run(['runner', 'add', 'mac-studio', '--workspace', 'repo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A runner named "mac-studio" exists already; revoke it first or choose another name.');

    expect((await run(['runner', 'revoke', 'mac-studio'])).code).toBe(0);
    await withDb(async (db) => expect(await verifyCredential(db, token)).toBeUndefined());
    expect((await run(['runner', 'revoke', 'mac-studio'])).stderr).toContain('No active runner named "mac-studio".');
    const reissued = JSON.parse((await run(['runner', 'add', 'mac-studio', '--workspace', 'repo', '--json'])).stdout) as { token: string };
    expect(reissued.token).not.toBe(token);
    await withDb(async (db) => {
      expect((await verifyCredential(db, reissued.token))?.workspaces).toEqual(['repo']);
      const audit = await listAudit(db);
      expect(audit.filter((row) => row.type === AuditType.CredentialIssued).map((row) => row.subject)).toEqual(['runner:mac-studio', 'runner:mac-studio']);
      expect(audit.filter((row) => row.type === AuditType.CredentialRevoked)).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(secret);
    });
  });

  it('submitters, with or without workspaces; the plain output shows the token once', async () => {
    const added = await run(['submitter', 'add', 'ci']);
    expect(added.stdout).toMatch(/Submitter "ci" added\. Its token \(shown only now\):\n\n {2}ocgs\.[0-9a-f]{16}\.\S{43}\n/);
    const scoped = JSON.parse((await run(['submitter', 'add', 'docs-bot', '--workspace', 'docs', '--json'])).stdout) as { submitter: { workspaces: string[] } };
    expect(scoped.submitter.workspaces).toEqual(['docs']);
    expect((await run(['submitter', 'list'])).stdout).toMatch(/^ci\tactive\t\(any\)/m);
  });

  it('bind routes a chat to a runner workspace, checked against the registered runners', async () => {
    expect((await run(['runner', 'add', 'two-ws', '--workspace', 'a', '--workspace', 'b'])).code).toBe(0);
    const ambiguous = await run(['bind', 'add', '--provider', 'telegram', '--chat', '42', '--runner', 'two-ws']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('Runner "two-ws" serves a, b; say which with --workspace.');
    expect((await run(['bind', 'add', '--provider', 'telegram', '--chat', '42', '--runner', 'two-ws', '--workspace', 'c'])).stderr).toContain('Runner "two-ws" does not serve workspace "c"');
    expect((await run(['bind', 'add', '--provider', 'telegram', '--chat', '42', '--runner', 'ghost'])).stderr).toContain('No active runner named "ghost"');
    expect((await run(['bind', 'add', '--provider', 'telegram', '--chat', '42', '--workspace', 'nobody'])).stderr).toContain('No active runner serves workspace "nobody".');
    const bound = JSON.parse((await run(['bind', 'add', '--provider', 'telegram', '--chat', '42', '--runner', 'two-ws', '--workspace', 'b', '--json'])).stdout) as { binding: Record<string, string> };
    expect(bound.binding).toMatchObject({ provider: 'telegram', providerWorkspaceId: '', chatId: '42', workspace: 'b' });
    expect((await run(['bind', 'list'])).stdout).toBe('telegram\t-\t42\t→ b\n');
    expect((await run(['bind', 'remove', '--provider', 'telegram', '--chat', '42'])).code).toBe(0);
    const again = await run(['bind', 'remove', '--provider', 'telegram', '--chat', '42']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The chat telegram/-/42 is not bound.');
    expect((await run(['bind', 'list', '--json'])).stdout).toBe('{\n  "bindings": []\n}\n');
  });

  it('usage mistakes exit 2 naming the help', async () => {
    for (const [argv, message] of [
      [['runner', 'add', 'mac'], 'A runner needs at least one --workspace LABEL.'],
      [['runner', 'add'], 'runner add needs a name.'],
      [['runner', 'add', 'bad name', '--workspace', 'x'], 'The name "bad name" may use letters'],
      [['runner', 'add', 'mac', '--workspace', '../x'], '--workspace "../x" is not a label'],
      [['runner', 'nope'], 'Unknown runner command "nope".'],
      [['submitter', 'revoke'], 'submitter revoke needs a name.'],
      [['bind', 'add', '--provider', 'telegram', '--chat', '1'], 'Name the runner (--runner NAME) or its workspace (--workspace LABEL).'],
      [['bind', 'add', '--chat', '1', '--runner', 'x'], '--provider is required.'],
      [['bind', 'nope'], 'Unknown bind command "nope".'],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toMatch(/Run "open-cowork-gateway (runner|submitter|bind) --help" for usage\./);
    }
  });
});
