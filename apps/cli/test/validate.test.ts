import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, parseJson, REPO_ROOT, type Sandbox, type ValidateJson } from './helpers.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox('open-cowork-validate-');
});
afterEach(() => sandbox.cleanup());

/** One overlay, several different mistakes, each on a known line (1-based) and column. */
const BROKEN_OVERLAY = `{
  "branding": {
    "nmae": "Acme Cowork",
    "helpUrl": "http://help.acme.example"
  },
  "permissions": { "bash": "sometimes" },
  "i18n": { "locale": 42 },
  "telemetry": { "headers": { "Authorization": "Bearer {env:ACME_TOKEN}" } },
  "mcps": [
    { "name": "acme", "type": "local", "packageName": "acme" },
    { "name": "acme", "type": "local", "packageName": "acme-two" }
  ]
}
`;

const EXPECTED_ISSUES = [
  { code: 'CONFIG_UNKNOWN_PROPERTY', pointer: '/branding/nmae', line: 3, column: 5, message: /Unknown property "nmae".*Did you mean "name"\?/ },
  { code: 'CONFIG_SCHEMA_VIOLATION', pointer: '/branding/helpUrl', line: 4, column: 5, message: /https:\/\/ URL \(got "http:\/\/help\.acme\.example"\)/ },
  { code: 'CONFIG_SCHEMA_VIOLATION', pointer: '/permissions/bash', line: 6, column: 20, message: /"allow", "ask", "deny" \(got "sometimes"\)/ },
  { code: 'CONFIG_SCHEMA_VIOLATION', pointer: '/i18n/locale', line: 7, column: 13, message: /must be a string \(got 42\)/i },
  { code: 'CONFIG_PLACEHOLDER_NOT_ALLOWED', pointer: '/telemetry/headers/Authorization', line: 8, column: 31, message: /ACME_TOKEN.*allowedEnvPlaceholders/ },
  { code: 'CONFIG_DUPLICATE_ID', pointer: '/mcps/1/name', line: 11, column: 7, message: /name "acme" appears twice in mcps/ },
] as const;

describe('config validate --file', () => {
  it('accepts a valid overlay: exit 0, "Valid", the file applied over the default', () => {
    const file = sandbox.write('acme.json', {
      branding: { name: 'Acme Cowork', appId: 'com.acme.cowork', dataDirName: 'acme-cowork' },
      permissions: { bash: 'ask' },
      mcps: ['...', { name: 'charts', enabled: false }],
    });
    const result = sandbox.run(['config', 'validate', '--file', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+default\s+applied\s+/m);
    expect(result.stdout).toMatch(/^\s+config-path\s+applied\s+acme\.json$/m);
    expect(result.stdout).toContain('\nValid.\n');
  });

  it('lists every error of an invalid overlay with file:line:col, pointer, message and code', () => {
    sandbox.write('broken.json', BROKEN_OVERLAY);
    const result = sandbox.run(['config', 'validate', '--file', 'broken.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/config-path\s+REJECTED\s+broken\.json/);
    expect(result.stdout).not.toContain('Valid');
    const errorLines = result.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errorLines).toHaveLength(EXPECTED_ISSUES.length);
    for (const expected of EXPECTED_ISSUES) {
      const line = errorLines.find((candidate) => candidate.startsWith(`error: broken.json:${expected.line}:${expected.column} ${expected.pointer}: `));
      expect(line, `no error line for ${expected.pointer} in:\n${result.stderr}`).toBeDefined();
      expect(line).toMatch(expected.message);
      expect(line?.endsWith(` [${expected.code}]`)).toBe(true);
    }
    expect(result.stderr).toContain(`Invalid: ${EXPECTED_ISSUES.length} errors.`);
  });

  it('--json returns {ok, failedClosed, layers, issues} with fully shaped issues', () => {
    const file = sandbox.write('broken.json', BROKEN_OVERLAY);
    const result = sandbox.run(['config', 'validate', '--file', file, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const report = parseJson<ValidateJson>(result);
    expect(Object.keys(report).sort()).toEqual(['failedClosed', 'issues', 'layers', 'ok']);
    expect(report.ok).toBe(false);
    expect(report.failedClosed).toBe(false);
    expect(report.layers.map(({ kind, status }) => `${kind}:${status}`)).toEqual(['default:applied', 'config-path:rejected']);
    expect(report.layers[1]?.file).toBe(file);
    expect(report.issues).toHaveLength(EXPECTED_ISSUES.length);
    for (const issue of report.issues) {
      expect(Object.keys(issue).sort()).toEqual(['code', 'column', 'file', 'line', 'message', 'pointer', 'severity']);
      expect(issue).toMatchObject({ severity: 'error', file });
    }
    for (const expected of EXPECTED_ISSUES) {
      const issue = report.issues.find((candidate) => candidate.pointer === expected.pointer);
      expect(issue).toMatchObject({ code: expected.code, line: expected.line, column: expected.column });
      expect(issue?.message).toMatch(expected.message);
    }

    const valid = sandbox.run(['config', 'validate', '--file', sandbox.write('ok.json', { i18n: { locale: 'fr-FR' } }), '--json']);
    expect(valid.code).toBe(0);
    expect(parseJson<ValidateJson>(valid)).toMatchObject({ ok: true, failedClosed: false, issues: [] });
  });

  // One run lists every problem: schema errors do not hide the cross-reference errors.
  it('also lists cross-reference errors of an overlay that has schema errors', () => {
    const file = sandbox.write('mixed.json', { branding: { nmae: 'Acme' }, providers: { defaultProvider: 'acme-missing' } });
    const report = parseJson<ValidateJson>(sandbox.run(['config', 'validate', '--file', file, '--json']));
    expect(report.issues.map((issue) => issue.code).sort()).toEqual(['CONFIG_DEFAULT_PROVIDER_UNAVAILABLE', 'CONFIG_UNKNOWN_PROPERTY']);
  });

  it('exits 1 with CONFIG_FILE_NOT_FOUND for a --file that does not exist', () => {
    const result = sandbox.run(['config', 'validate', '--file', 'no-such-file.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: no-such-file\.json \(document\): The file given with --file "[^"]*no-such-file\.json" does not exist\. \[CONFIG_FILE_NOT_FOUND\]$/m);
    const json = parseJson<ValidateJson>(sandbox.run(['config', 'validate', '--file', 'no-such-file.json', '--json']));
    expect(json.ok).toBe(false);
    expect(json.issues).toEqual([expect.objectContaining({ code: 'CONFIG_FILE_NOT_FOUND', file: join(sandbox.root, 'no-such-file.json'), pointer: '' })]);
  });

  const example = join(REPO_ROOT, 'examples', 'downstream', 'open-cowork.config.json');
  it.skipIf(!existsSync(example))('validates the shipped downstream example', () => {
    const result = sandbox.run(['config', 'validate', '--file', example]);
    expect(result.stderr).not.toMatch(/^error: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Valid');
  });
});

describe('config validate over the machine layers', () => {
  it('reports a broken user layer (exit 1) while the lower layers still load', () => {
    const configPath = sandbox.write('layers/config-path.json', { branding: { helpUrl: 'https://help.acme.example/' } });
    sandbox.write('user-data/config.json', '{\n  "i18n": { "locale": "de-DE" },\n  "permissions": { "bash": "never" }\n}\n');
    const env = { OPEN_COWORK_CONFIG_PATH: configPath };

    const validate = sandbox.run(['config', 'validate'], env);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/config-path\s+applied\s+layers\/config-path\.json/);
    expect(validate.stdout).toMatch(/user\s+REJECTED\s+user-data\/config\.json/);
    expect(validate.stderr).toContain('error: user-data/config.json:3:20 /permissions/bash: Must be one of: "allow", "ask", "deny" (got "never"). [CONFIG_SCHEMA_VIOLATION]');
    expect(validate.stderr).toContain('the layers below them still apply');

    const print = sandbox.run(['config', 'print', '--json'], env);
    expect(print.code).toBe(1);
    expect(print.stderr).toContain('/permissions/bash');
    const config = parseJson<{ branding: { helpUrl: string }; i18n: { locale: string }; permissions: { bash: string } }>(print);
    expect(config.branding.helpUrl).toBe('https://help.acme.example/'); // config-path still applies
    expect(config.i18n.locale).toBe('en-US'); // nothing of the rejected user file applies
    expect(config.permissions.bash).toBe('allow');
  });

  it('fails closed on a broken managed layer: no config printed, the administrator named', () => {
    sandbox.write('managed/config.json', { permissions: { bash: 'sometimes' } });
    const print = sandbox.run(['config', 'print', '--json']);
    expect(print.code).toBe(1);
    expect(print.stdout).toBe('');
    expect(print.stderr).toContain('managed/config.json:3:5 /permissions/bash');
    expect(print.stderr).toMatch(/OS-managed \(administrator\) config is invalid.*\[CONFIG_MANAGED_LAYER_INVALID\]/);
    expect(print.stderr).toContain('No effective configuration: loading failed closed');

    const validate = sandbox.run(['config', 'validate', '--json']);
    expect(validate.code).toBe(1);
    const report = parseJson<ValidateJson>(validate);
    expect(report).toMatchObject({ ok: false, failedClosed: true });
    expect(report.layers.at(-1)).toMatchObject({ kind: 'managed', status: 'rejected', file: sandbox.managedFile });
    expect(report.issues.map((issue) => issue.code)).toContain('CONFIG_MANAGED_LAYER_INVALID');

    const human = sandbox.run(['config', 'validate']);
    expect(human.stderr).toContain('Open Cowork will not start with this configuration.');
  });

  it('fails closed on a managed file that is not even JSON', () => {
    sandbox.write('managed/config.json', '{ "permissions": ');
    const print = sandbox.run(['config', 'print']);
    expect(print.code).toBe(1);
    expect(print.stdout).toBe('');
    expect(print.stderr).toMatch(/managed\/config\.json:\d+:\d+ \(document\): Invalid JSON.*\[CONFIG_PARSE_ERROR\]/);
    expect(print.stderr).toContain('administrator');
  });

  it('reports 100,000 levels of nesting as a parse error with its position, and exits 1', () => {
    const file = sandbox.write('deep.json', `{"branding": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const result = sandbox.run(['config', 'validate', '--file', file, '--json']);
    expect(result.code).toBe(1);
    const report = parseJson<ValidateJson>(result);
    expect(report.issues).toEqual([
      expect.objectContaining({ code: 'CONFIG_PARSE_ERROR', file, pointer: '', line: 1, column: 14 + 127 }),
    ]);
    const human = sandbox.run(['config', 'validate', '--file', file]);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/deep\.json:1:141 \(document\): Invalid JSON: objects and arrays are nested more than 128 levels.*\[CONFIG_PARSE_ERROR\]/);
  });
});
