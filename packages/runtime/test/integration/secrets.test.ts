import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@open-cowork/config';
import { factsMcpServerPath, type ScriptedModel } from '@open-cowork/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appLaunchConfig, type RuntimeSettings } from '../../src/index.js';
import { startHarness, until, type Harness } from '../support/harness.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const PROVIDER_KEY = 'sk-test-provider-key-6f1c2a9b';
const OTHER_PROVIDER_KEY = 'sk-test-openrouter-key-94be13';
const MCP_TOKEN = 'facts-token-77d0c4e1';

/**
 * The real chain: a user config file declares the scripted provider and a local MCP with a
 * credential; settings hold the keys; the config builder and the supervisor start OpenCode.
 * Unsandboxed on purpose: this proves the environment layer on its own (it reads the MCP
 * child's environment from the host's /proc); sandboxed-attacks.test.ts proves the boundary.
 */
describe('credentials stay where they belong (real OpenCode + MCP child)', () => {
  let harness: Harness;
  let envFile: string;
  const sandboxes: string[] = [];

  function launchFor(model: ScriptedModel) {
    const sandbox = mkdtempSync(path.join(tmpdir(), 'oc-secrets-'));
    sandboxes.push(sandbox);
    const userDataDir = path.join(sandbox, 'user-data');
    const noBundles = path.join(sandbox, 'app');
    mkdirSync(noBundles);
    envFile = path.join(sandbox, 'facts-env.json');
    mkdirSync(userDataDir, { recursive: true });
    writeFileSync(
      path.join(userDataDir, 'config.json'),
      JSON.stringify({
        providers: {
          available: ['scripted', 'openrouter'],
          defaultProvider: 'scripted',
          defaultModel: 'scripted-1',
          custom: { scripted: { npm: '@ai-sdk/openai-compatible', name: 'Scripted', options: { baseURL: model.url }, models: { 'scripted-1': {} } } },
        },
        mcps: [
          {
            name: 'facts',
            type: 'local',
            command: [process.execPath, factsMcpServerPath()],
            environment: { FACTS_MCP_ENV_FILE: envFile },
            credentials: [{ key: 'token', label: 'Token', secret: true }],
            envSettings: [{ env: 'FACTS_TOKEN', key: 'token' }],
          },
        ],
      }),
    );
    const load = loadConfig({ defaultConfigPath: path.join(repoRoot, 'open-cowork.config.json'), env: {}, cwd: sandbox, homeDir: sandbox, userDataDir, managedConfigPaths: [], platform: 'linux' });
    expect(load.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const settings: RuntimeSettings = {
      providerCredentials: { scripted: { apiKey: PROVIDER_KEY }, openrouter: { apiKey: OTHER_PROVIDER_KEY } },
      mcpCredentials: { facts: { token: MCP_TOKEN } },
    };
    // No bundled servers: only the facts server runs beside the runtime.
    return appLaunchConfig({ load, settings, appRoot: noBundles });
  }

  beforeAll(async () => {
    harness = await startHarness({ supervisor: { sandbox: { backend: 'none' } }, launchConfig: launchFor, rules: [{ match: { lastUser: 'hello' }, reply: { text: 'hi there' } }] });
    const connection = await harness.supervisor.start();
    await until(async () => {
      const status = await connection.client.mcp.status({ directory: harness.workspace });
      return (status.data as Record<string, { status: string }> | undefined)?.['facts']?.status === 'connected';
    }, 'the facts MCP to connect');
    await until(() => readFile(envFile, 'utf8').then(() => true, () => false), 'the MCP to record its environment');
    await connection.client.session
      .create({ directory: harness.workspace })
      .then((s) => connection.client.session.prompt({ sessionID: s.data!.id, directory: harness.workspace, parts: [{ type: 'text', text: 'hello' }] }));
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
    for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });

  it('the provider key reaches the model as its bearer token, from the private config file', () => {
    const chat = harness.model.requests.find((r) => !r.isTitleRequest);
    expect(chat?.headers['authorization']).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it('no key, token or password is in the runtime process environment', async () => {
    const environ = await readFile(`/proc/${harness.supervisor.connection().pid}/environ`, 'utf8');
    for (const secret of [PROVIDER_KEY, OTHER_PROVIDER_KEY, MCP_TOKEN]) expect(environ).not.toContain(secret);
  });

  it('the MCP child gets its own credential and nothing else secret, not even the runtime password', () => {
    const { pid } = JSON.parse(readFileSync(envFile, 'utf8')) as { pid: number };
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`FACTS_TOKEN=${MCP_TOKEN}`);
    const joined = environ.join('\n');
    for (const secret of [PROVIDER_KEY, OTHER_PROVIDER_KEY]) expect(joined).not.toContain(secret);
    expect(joined).not.toMatch(/^OPENCODE_SERVER_PASSWORD=/m);
    expect(joined).not.toMatch(/^OPENCODE_CONFIG=/m);
  });

  it('the runtime log holds none of them', () => {
    const log = harness.supervisor.logs.lines().map((l) => l.text).join('\n');
    for (const secret of [PROVIDER_KEY, OTHER_PROVIDER_KEY, MCP_TOKEN]) expect(log).not.toContain(secret);
  });
});
