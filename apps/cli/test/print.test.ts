import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MASK } from '@open-cowork/config';
import { createSandbox, DEFAULT_CONFIG, parseJson, type ExplainJsonEntry, type Sandbox, type ValidateJson } from './helpers.js';

/** A recognisable secret: if it shows up anywhere in CLI output, a secret leaked. */
const SECRET = 'zz-acme-TOPSECRET-4711';

interface PrintedConfig {
  allowedEnvPlaceholders: string[];
  telemetry: { enabled: boolean; endpoint: string; headers: Record<string, string> };
  auth: { mode: string; googleOAuth: { clientId: string; clientSecret: string } };
  providers: { available: string[]; custom: Record<string, { npm: string; options: Record<string, string> }> };
}

let sandbox: Sandbox;
let layerFile: string;
let env: Record<string, string>;

beforeEach(() => {
  sandbox = createSandbox('open-cowork-print-');
  layerFile = sandbox.write('acme/secrets.json', {
    allowedEnvPlaceholders: ['ACME_SECRET'],
    telemetry: {
      enabled: true,
      endpoint: 'https://telemetry.acme.example/v1/events',
      headers: { Authorization: 'Bearer {env:ACME_SECRET}', 'X-Acme-Tenant': 'tenant-visible' },
    },
    auth: {
      mode: 'google-oauth',
      googleOAuth: { clientId: 'acme-visible-client.apps.googleusercontent.com', clientSecret: '{env:ACME_SECRET}' },
    },
    providers: {
      available: ['openrouter', 'acme-gateway'],
      descriptors: { 'acme-gateway': { runtime: 'custom', name: 'Acme Gateway' } },
      custom: {
        'acme-gateway': {
          npm: '@ai-sdk/openai-compatible',
          options: { baseURL: 'https://llm.acme.example/v1', apiKey: '{env:ACME_SECRET}' },
        },
      },
    },
  });
  env = { OPEN_COWORK_CONFIG_PATH: layerFile, ACME_SECRET: SECRET };
});

afterEach(() => sandbox.cleanup());

describe('config print', () => {
  it('--json shows placeholder-filled values as written and masks every other secret', () => {
    const result = sandbox.run(['config', 'print', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const config = parseJson<PrintedConfig>(result);
    // Values read from the environment show the placeholder text, never the value.
    expect(config.telemetry.headers['Authorization']).toBe('Bearer {env:ACME_SECRET}');
    expect(config.auth.googleOAuth.clientSecret).toBe('{env:ACME_SECRET}');
    expect(config.providers.custom['acme-gateway']?.options['apiKey']).toBe('{env:ACME_SECRET}');
    // A secret written literally into a file is masked.
    expect(config.telemetry.headers['X-Acme-Tenant']).toBe(MASK);
    // Non-secret values, including those next to secrets, are shown as they are.
    expect(config.telemetry.endpoint).toBe('https://telemetry.acme.example/v1/events');
    expect(config.auth.googleOAuth.clientId).toBe('acme-visible-client.apps.googleusercontent.com');
    expect(config.providers.custom['acme-gateway']?.options['baseURL']).toBe('https://llm.acme.example/v1');
    expect(config.providers.available).toEqual(['openrouter', 'acme-gateway']);
    expect(config.allowedEnvPlaceholders).toContain('ACME_SECRET');
  });

  it('without --json prints a header naming the applied layers, then the same JSON', () => {
    const human = sandbox.run(['config', 'print'], env);
    const json = sandbox.run(['config', 'print', '--json'], env);
    expect(human.code).toBe(0);
    const [header, ...rest] = human.stdout.split('\n');
    expect(header).toBe(`// Effective configuration; secrets masked. Layers: default (${DEFAULT_CONFIG}), config-path (acme/secrets.json)`);
    expect(rest.join('\n')).toBe(json.stdout);
  });

  it('never shows the secret in print, explain or validate output, human or --json', () => {
    const commands = [
      ['config', 'print'],
      ['config', 'print', '--json'],
      ['config', 'explain'],
      ['config', 'explain', '--json'],
      ['config', 'explain', 'telemetry.headers.Authorization'],
      ['config', 'explain', '/auth/googleOAuth', '--json'],
      ['config', 'explain', '/providers/custom/acme-gateway/options/apiKey'],
      ['config', 'validate'],
      ['config', 'validate', '--json'],
      ['config', 'validate', '--file', layerFile],
      ['config', 'validate', '--file', layerFile, '--json'],
      [], // the overview
    ];
    for (const argv of commands) {
      const result = sandbox.run(argv, env);
      const label = `open-cowork ${argv.join(' ')}`;
      expect(result.code, `${label}\n${result.stderr}`).toBe(0);
      expect(result.stdout, label).not.toContain(SECRET);
      expect(result.stderr, label).not.toContain(SECRET);
      expect(`${result.stdout}${result.stderr}`, label).not.toContain('TOPSECRET');
    }
  });

  it('explain shows the placeholder, not the secret, and names the layer that set it', () => {
    const entries = parseJson<ExplainJsonEntry[]>(sandbox.run(['config', 'explain', 'telemetry', '--json'], env));
    expect(entries.find((entry) => entry.pointer === '/telemetry/headers/Authorization')).toEqual({
      pointer: '/telemetry/headers/Authorization',
      value: 'Bearer {env:ACME_SECRET}',
      layer: 'config-path',
      file: layerFile,
      sourcePointer: '/telemetry/headers/Authorization',
    });
    expect(entries.find((entry) => entry.pointer === '/telemetry/headers/X-Acme-Tenant')?.value).toBe(MASK); // header values are all secrets
    expect(entries.find((entry) => entry.pointer === '/telemetry/endpoint')?.value).toBe('https://telemetry.acme.example/v1/events');
  });

  // Error messages quote offending values ("got ..."); a value from the environment is redacted.
  it('does not quote placeholder-resolved values in error messages', () => {
    const file = sandbox.write('acme/leaky.json', {
      allowedEnvPlaceholders: ['ACME_SECRET'],
      telemetry: { endpoint: 'http://telemetry.acme.example/?key={env:ACME_SECRET}' },
    });
    const result = sandbox.run(['config', 'validate', '--file', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/telemetry/endpoint');
    expect(result.stderr).not.toContain(SECRET);
  });
});

describe('{env:NAME} placeholders must be allowed by the same layer', () => {
  it('refuses a placeholder another layer allowed, naming the file, pointer and variable', () => {
    // The config-path layer allows ACME_SECRET; the user layer may not read it on that basis.
    const userFile = sandbox.write('user-data/config.json', { mcps: ['...', { name: 'charts', headers: { 'X-Api-Key': '{env:ACME_SECRET}' } }] });
    const result = sandbox.run(['config', 'validate', '--json'], env);
    expect(result.code).toBe(1);
    const report = parseJson<ValidateJson>(result);
    expect(report.failedClosed).toBe(false);
    expect(report.layers.find((layer) => layer.kind === 'user')).toMatchObject({ status: 'rejected', file: userFile });
    expect(report.issues).toEqual([
      expect.objectContaining({
        code: 'CONFIG_PLACEHOLDER_NOT_ALLOWED',
        severity: 'error',
        file: userFile,
        pointer: '/mcps/1/headers/X-Api-Key', // "..." is entry 0 of the user's list
        message: expect.stringContaining('ACME_SECRET') as unknown,
      }),
    ]);

    const human = sandbox.run(['config', 'validate'], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(
      /^error: user-data\/config\.json:\d+:\d+ \/mcps\/1\/headers\/X-Api-Key: Placeholder \{env:ACME_SECRET\} is not allowed: add "ACME_SECRET" to allowedEnvPlaceholders in this same file.*\[CONFIG_PLACEHOLDER_NOT_ALLOWED\]$/m,
    );
    expect(`${human.stdout}${human.stderr}`).not.toContain(SECRET);
  });

  it('refuses a placeholder in a --file overlay that allows none', () => {
    const file = sandbox.write('acme/unlisted.json', { auth: { googleOAuth: { clientSecret: '{env:ACME_OTHER}' } } });
    const result = sandbox.run(['config', 'validate', '--file', file, '--json'], { ACME_OTHER: SECRET });
    expect(result.code).toBe(1);
    const [issue, ...others] = parseJson<ValidateJson>(result).issues;
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ code: 'CONFIG_PLACEHOLDER_NOT_ALLOWED', file, pointer: '/auth/googleOAuth/clientSecret' });
    expect(issue?.message).toContain('{env:ACME_OTHER}');
    expect(issue?.line).toBeGreaterThan(0);
    expect(result.stdout).not.toContain(SECRET);
  });
});
