import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, locateDefaultConfig } from '@open-cowork/config';
import type { AppLaunchConfig } from '@open-cowork/runtime';
import { describe, expect, it } from 'vitest';
import { HostMcps } from '../../src/mcps/host-mcps.js';
import { bundledMcpEnvironment, routeRemoteMcps } from '../../src/mcps/launch-wiring.js';
import { appPaths, ManualClock, MemoryCipher } from '../../src/ports/index.js';
import { Logger } from '../../src/log/index.js';
import { tempDir } from '../state/temp-dir.js';

const FOLDERS = {
  artifactsDir: '/data/artifacts',
  knowledgeDir: '/data/knowledge',
  customSkillsDir: '/data/skills',
  workflowsDir: '/data/workflows',
  bundledSkillDirs: ['/app/skills/research-brief'],
};

describe('what each bundled server is given', () => {
  it('its own folder or bridge, and nothing of the others', () => {
    const env = bundledMcpEnvironment({ ...FOLDERS, agentBridge: { url: 'http://127.0.0.1:4000', token: 'bridge-token' } });
    expect(env('charts')).toEqual({ OPEN_COWORK_ARTIFACTS_DIR: '/data/artifacts' });
    expect(env('knowledge')).toEqual({ OPEN_COWORK_KNOWLEDGE_DIR: '/data/knowledge' });
    expect(env('skills')).toEqual({ OPEN_COWORK_CUSTOM_SKILLS_DIR: '/data/skills', OPEN_COWORK_BUNDLED_SKILLS_DIRS: '["/app/skills/research-brief"]' });
    expect(env('workflows')).toEqual({ OPEN_COWORK_WORKFLOWS_DIR: '/data/workflows' });
    expect(env('agents')).toEqual({ OPEN_COWORK_AGENT_BRIDGE_URL: 'http://127.0.0.1:4000', OPEN_COWORK_AGENT_BRIDGE_TOKEN: 'bridge-token' });
    expect(env('clock')).toBeUndefined();
    expect(env('downstream-thing')).toBeUndefined();
  });

  it('runs them as Node when the app runs on Electron', () => {
    const env = bundledMcpEnvironment({ ...FOLDERS, electronAsNode: true });
    expect(env('clock')).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(env('charts')).toEqual({ OPEN_COWORK_ARTIFACTS_DIR: '/data/artifacts', ELECTRON_RUN_AS_NODE: '1' });
  });
});

describe('routing remote servers through the proxy', () => {
  const launch = (): AppLaunchConfig => ({
    config: {
      mcp: {
        wiki: { type: 'remote', url: 'https://wiki.example.com/mcp', headers: { Authorization: 'Bearer wiki-secret' }, enabled: true },
        sso: { type: 'remote', url: 'https://sso.example.com/mcp', enabled: true },
        clock: { type: 'local', command: ['/usr/bin/node', '/app/clock.js'], enabled: true },
      },
    },
    secrets: [],
    warnings: [],
  });

  it('gives OpenCode the proxy\'s URL and token, keeps the real ones in the registration, and drops stale ones', () => {
    const registered = new Map<string, unknown>();
    const proxy = {
      register: (id: string, registration: unknown) => {
        registered.set(id, registration);
        return { url: `http://127.0.0.1:9/mcp/${id}/s3cr3t`, headers: { authorization: 'Bearer proxy-token' } };
      },
      unregister: (id: string) => registered.delete(id),
    };
    const routed = new Set(['gone']);
    registered.set('gone', {});
    const servers = [
      { name: 'wiki', type: 'remote' as const, allowPrivateNetwork: true },
      { name: 'sso', type: 'remote' as const, authMode: 'oauth' as const },
    ];
    const result = routeRemoteMcps(launch(), proxy, servers, routed);
    expect(result.config.mcp?.['wiki']).toEqual({ type: 'remote', url: 'http://127.0.0.1:9/mcp/wiki/s3cr3t', headers: { authorization: 'Bearer proxy-token' }, enabled: true });
    expect(registered.get('wiki')).toEqual({ url: 'https://wiki.example.com/mcp', headers: { Authorization: 'Bearer wiki-secret' }, allowPrivateNetwork: true });
    expect(JSON.stringify(result.config)).not.toContain('wiki-secret');
    // OAuth servers discover their sign-in from the real origin, so they stay direct.
    expect(result.config.mcp?.['sso']).toEqual({ type: 'remote', url: 'https://sso.example.com/mcp', enabled: true });
    expect(registered.has('gone')).toBe(false);
    expect([...routed]).toEqual(['wiki']);
    expect(result.secrets).toContain('Bearer proxy-token');
  });
});

describe('the Google credentials seam', () => {
  it('passes the ADC file to the runtime only while it exists (signed in)', async () => {
    const dataDir = await tempDir();
    const load = loadConfig({ defaultConfigPath: locateDefaultConfig(), env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths: [] });
    const paths = appPaths(dataDir);
    const mcps = new HostMcps({
      load,
      appRoot: dataDir,
      paths,
      cipher: new MemoryCipher(),
      clock: new ManualClock(),
      logger: new Logger({ runId: 'test', level: 'error', sink: () => undefined }),
      agents: { list: async () => [], preview: async () => { throw new Error('unused'); }, save: async () => { throw new Error('unused'); } },
    });
    expect((await mcps.launchExtras()).googleCredentials).toBeUndefined();
    await mkdir(path.dirname(paths.googleCredentialsFile), { recursive: true });
    await writeFile(paths.googleCredentialsFile, '{}', { mode: 0o600 });
    const extras = await mcps.launchExtras();
    expect(extras.googleCredentials).toBe(paths.googleCredentialsFile);
    expect(extras.extraSkillPaths).toEqual([paths.customSkillsDir]);
    expect(extras.customMcps).toEqual([]);
  });
});
