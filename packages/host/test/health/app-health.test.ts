// app.health on a host whose runtime is not running, over layered config: each capability says
// whether it is ready and which layer it comes from (the app's own config, the user's file, the
// OS-managed file), and nothing claims to be ready while the runtime is down.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@open-cowork/config';
import type { HealthCapability } from '@open-cowork/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Host } from '../../src/host.js';
import { Logger } from '../../src/log/index.js';

const DEFAULT_CONFIG = fileURLToPath(new URL('../../../../open-cowork.config.json', import.meta.url));

const agent = (name: string) => ({ name, label: name, description: `The ${name} agent.`, instructions: 'Answer briefly.', mode: 'primary' });

let root: string;
let host: Host;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'oc-health-'));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ agents: ['...', agent('user-helper')] }));
  const managed = path.join(root, 'managed.json');
  await writeFile(managed, JSON.stringify({ agents: ['...', agent('policy-helper')] }));
  const load = loadConfig({ defaultConfigPath: DEFAULT_CONFIG, env: { OPEN_COWORK_USER_DATA_DIR: dataDir }, managedConfigPaths: [managed] });
  expect(load.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  host = await Host.create({ load, appRoot: root, dataDir, logger: new Logger({ runId: 'health', sink: () => undefined }), env: {}, checkResults: true });
});

afterAll(async () => {
  await host?.stop();
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
});

describe('app.health', () => {
  it('names the layer each capability comes from, and nothing is ready while the runtime is stopped', async () => {
    const health = await host.call('app.health', {});
    expect(health.runtime).toEqual({ state: 'stopped' });
    const find = (kind: HealthCapability['kind'], name: string) => health.capabilities.find((c) => c.kind === kind && c.name === name);

    expect(find('agent', 'user-helper')).toMatchObject({ origin: 'user', ready: false, state: 'runtime-not-ready' });
    expect(find('agent', 'policy-helper')).toMatchObject({ origin: 'managed', ready: false });
    expect(find('agent', 'researcher')).toMatchObject({ origin: 'bundled', label: 'Researcher' });
    expect(find('mcp', 'clock')).toMatchObject({ origin: 'bundled', ready: false, state: 'runtime-not-ready' });
    expect(find('skill', 'research-brief')).toMatchObject({ origin: 'bundled', ready: false });
    // No key stored: the configured providers are not connected.
    expect(find('provider', 'openrouter')).toMatchObject({ origin: 'bundled', ready: false, state: 'not-connected' });
    expect(health.capabilities.some((c) => c.ready)).toBe(false);
    // In the documented order: providers, MCP servers, skills, agents.
    const kinds = health.capabilities.map((c) => c.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
  });
});

const ORDER: readonly HealthCapability['kind'][] = ['provider', 'mcp', 'skill', 'agent'];
