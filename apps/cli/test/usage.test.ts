import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, REPO_ROOT, type RunResult, type Sandbox } from './helpers.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox('open-cowork-usage-');
});
afterEach(() => sandbox.cleanup());

const SUBCOMMANDS = ['validate', 'print', 'explain', 'schema'] as const;

function expectUsageError(result: RunResult, problem: RegExp, helpCommand: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(problem);
  expect(result.stderr).toContain(`Run "${helpCommand}" for usage.`);
}

describe('usage errors exit 2, name the problem and point at the right --help', () => {
  it('unknown command', () => {
    expectUsageError(sandbox.run(['frobnicate']), /Unknown command "frobnicate"\./, 'open-cowork --help');
  });

  it('unknown config subcommand', () => {
    expectUsageError(sandbox.run(['config', 'frobnicate']), /Unknown config command "frobnicate"\./, 'open-cowork config --help');
  });

  it('unknown option, on every config subcommand', () => {
    for (const name of SUBCOMMANDS) {
      expectUsageError(sandbox.run(['config', name, '--frobnicate']), /Unknown option '--frobnicate'/, `open-cowork config ${name} --help`);
    }
    // An option of another subcommand is unknown here too.
    expectUsageError(sandbox.run(['config', 'print', '--file', 'x.json']), /Unknown option '--file'/, 'open-cowork config print --help');
  });

  it('--file without a value', () => {
    expectUsageError(sandbox.run(['config', 'validate', '--file']), /'--file <value>' argument missing/, 'open-cowork config validate --help');
    expectUsageError(sandbox.run(['config', 'validate', '--file=']), /--file needs a path\./, 'open-cowork config validate --help');
    // The next option is not taken as the file name.
    expectUsageError(sandbox.run(['config', 'validate', '--file', '--json']), /'--file' argument is ambiguous/, 'open-cowork config validate --help');
  });

  it('an option given a value it does not take', () => {
    expectUsageError(sandbox.run(['config', 'print', '--json=yes']), /'--json' does not take an argument/, 'open-cowork config print --help');
  });

  it('an extra positional argument', () => {
    expectUsageError(sandbox.run(['config', 'explain', 'branding.name', 'extra']), /Unexpected argument "extra"\./, 'open-cowork config explain --help');
    for (const name of ['validate', 'print', 'schema'] as const) {
      expectUsageError(sandbox.run(['config', name, 'stray']), /Unexpected argument "stray"\./, `open-cowork config ${name} --help`);
    }
  });

  it('a usage error never loads or prints configuration', () => {
    // Even with a broken managed layer present, a usage mistake is reported as such (exit 2).
    sandbox.write('managed/config.json', '{ not json');
    const result = sandbox.run(['config', 'print', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('CONFIG_');
  });
});

describe('--help and -h', () => {
  it('top level: exit 0 with the commands listed', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = sandbox.run([flag]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Usage: open-cowork <command> [options]');
      expect(result.stdout).toMatch(/^ {2}config\s+.*validate, print, explain, schema/m);
      expect(result.stdout).toContain('--version');
    }
  });

  it('config: exit 0 with every subcommand listed', () => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = sandbox.run(['config', flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: open-cowork config <command> [options]');
      for (const name of SUBCOMMANDS) expect(result.stdout).toMatch(new RegExp(`^ {2}${name}\\s+\\S`, 'm'));
    }
  });

  it('config without a subcommand is a usage error that says what is missing', () => {
    expectUsageError(sandbox.run(['config']), /Missing a config command \(validate, print, explain or schema\)\./, 'open-cowork config --help');
  });

  it('an unknown top-level option is called an option', () => {
    expectUsageError(sandbox.run(['--bogus']), /Unknown option "--bogus"\./, 'open-cowork --help');
  });

  it('every config subcommand: exit 0 with its own usage line, even next to other arguments', () => {
    for (const name of SUBCOMMANDS) {
      for (const argv of [['config', name, '--help'], ['config', name, '-h'], ['config', name, '--json', '--help']]) {
        const result = sandbox.run(argv);
        expect(result.code, argv.join(' ')).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout.startsWith(`Usage: open-cowork config ${name}`)).toBe(true);
      }
    }
    expect(sandbox.run(['config', 'validate', '--help']).stdout).toContain('--file FILE');
    expect(sandbox.run(['config', 'explain', '--help']).stdout).toContain('schema-default');
    expect(sandbox.run(['config', 'schema', '--help']).stdout).toContain('--overlay');
  });
});

describe('--version and config schema', () => {
  it('--version and -v print the CLI package version', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'apps', 'cli', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = sandbox.run([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${manifest.version}\n`);
      expect(result.stderr).toBe('');
    }
  });

  it('config schema prints the 2020-12 JSON Schema of a resolved config', () => {
    const result = sandbox.run(['config', 'schema']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { $schema: string; title: string; required?: string[]; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).not.toMatch(/overlay/i);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['branding', 'providers', 'permissions', 'mcps']));
    // The strict schema is the one shipped at the repo root.
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'open-cowork.config.schema.json'), 'utf8')) as { title: string };
    expect(schema.title).toBe(shipped.title);
  });

  it('config schema --overlay prints the overlay-layer schema', () => {
    const result = sandbox.run(['config', 'schema', '--overlay']);
    expect(result.code).toBe(0);
    const overlay = JSON.parse(result.stdout) as { $schema: string; title: string; required?: string[] };
    expect(overlay.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(overlay.title).toMatch(/overlay/i);
    expect(overlay.required ?? []).toEqual([]); // an overlay may set any subset
    expect(result.stdout).not.toBe(sandbox.run(['config', 'schema']).stdout);
  });
});
