// Shells started by the real runtime (the bash tool and "!" commands) do not inherit the
// per-boot server password or the private config path; everything else they need stays.
// The runtime starts against a dead npm registry, so this also shows that the plugin that
// does it loads without any package install.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { scriptedOpencodeConfig } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIME_ONLY_ENV, SHELL_ENV_PLUGIN, type RuntimeConnection } from '../../src/index.js';
import { startHarness, type Harness } from '../support/harness.js';

const PRINT_ENV = 'env | sort';

describe('shells started by the runtime', () => {
  let harness: Harness;
  let connection: RuntimeConnection;
  let password: string;

  beforeAll(async () => {
    harness = await startHarness({
      rules: [
        { match: { lastUser: 'print the environment', hasToolResults: false }, reply: { toolCalls: [{ id: 'call_env', name: 'bash', arguments: { command: PRINT_ENV, description: 'Print the environment' } }] } },
        { match: { lastUser: 'print the environment', hasToolResults: true }, reply: { text: 'Printed.' } },
      ],
      launchConfig: (model) => ({ config: { ...scriptedOpencodeConfig(model), autoupdate: false, share: 'disabled', permission: { bash: 'allow' } } }),
    });
    connection = await harness.supervisor.start();
    password = Buffer.from(connection.authorization.replace(/^Basic /, ''), 'base64').toString('utf8').split(':')[1]!;
  }, 60_000);
  afterAll(() => harness?.dispose());

  it('the runtime itself has the password (the guard is needed)', async () => {
    const environ = await readFile(`/proc/${connection.pid}/environ`, 'utf8');
    expect(environ.split('\0')).toContain(`OPENCODE_SERVER_PASSWORD=${password}`);
  });

  it('a bash tool call sees neither the password nor the config path, and the model never receives them', async () => {
    const session = await connection.client.session.create({ directory: harness.workspace });
    await connection.client.session.prompt({ sessionID: session.data!.id, directory: harness.workspace, parts: [{ type: 'text', text: 'print the environment' }] });
    const followUp = harness.model.requests.find((request) => request.toolResults.length > 0);
    const output = followUp?.toolResults[0]?.content ?? '';
    expect(output).toMatch(/^HOME=/m); // the command ran and printed its environment
    expect(output).toMatch(/^OPENCODE_DISABLE_AUTOUPDATE=1$/m); // ordinary switches stay
    for (const name of RUNTIME_ONLY_ENV) expect(output).not.toMatch(new RegExp(`^${name}=`, 'm'));
    expect(output).not.toContain(password);
    expect(JSON.stringify(harness.model.requests)).not.toContain(password);
  });

  it('a "!" shell command in a session sees neither', async () => {
    const session = await connection.client.session.create({ directory: harness.workspace });
    const shell = await connection.client.session.shell({
      sessionID: session.data!.id,
      directory: harness.workspace,
      agent: 'build',
      model: { providerID: 'scripted', modelID: 'scripted-1' },
      command: PRINT_ENV,
    });
    const parts = (shell.data as { parts?: { type: string; state?: { output?: string } }[] } | undefined)?.parts ?? [];
    const output = parts.map((part) => part.state?.output ?? '').join('\n');
    expect(output).toMatch(/^HOME=/m);
    for (const name of RUNTIME_ONLY_ENV) expect(output).not.toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('the plugin lives in the runtime\'s private config folder, and no package was installed', async () => {
    const configDir = path.join(harness.dataDir, 'runtime', 'xdg', 'config', 'opencode');
    expect(await readFile(path.join(configDir, 'plugins', SHELL_ENV_PLUGIN), 'utf8')).toContain("'shell.env'");
    const lock = JSON.parse(await readFile(path.join(configDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages)).toEqual(['']); // npm never ran: nothing was added to the lock
    const logs = harness.supervisor.logs.lines().map((line) => line.text).join('\n');
    expect(logs).not.toMatch(/dependency install failed/);
  });
});
