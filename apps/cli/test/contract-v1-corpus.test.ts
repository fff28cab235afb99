// The contract-v1 corpus (packages/config/test/fixtures/contract-v1): configs written for
// upstream's downstream contract, each checked by the built command line as a downstream team
// runs it in CI, with the answer expected.json records. The built CLI is used on purpose
// (`npm test` builds first): this is what ships.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type ValidateJson } from './helpers.js';

const CORPUS = join(REPO_ROOT, 'packages', 'config', 'test', 'fixtures', 'contract-v1');
const BIN = join(REPO_ROOT, 'apps', 'cli', 'bin', 'open-cowork.js');
const BUILT = join(REPO_ROOT, 'apps', 'cli', 'dist');

interface Expectation {
  readonly result: 'valid' | 'warnings' | 'errors';
  readonly codes?: readonly string[];
}
const expected = (JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as { files: Record<string, Expectation> }).files;

/** Config files of the corpus: its top-level files, and config.json(c) of each folder (a downstream root). */
function corpusFiles(): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(CORPUS)) {
    const path = join(CORPUS, entry);
    if (statSync(path).isDirectory()) {
      for (const name of ['config.json', 'config.jsonc']) if (existsSync(join(path, name))) files.push(`${entry}/${name}`);
    } else if (/\.jsonc?$/.test(entry) && entry !== 'expected.json') {
      files.push(entry);
    }
  }
  return files.sort();
}

const home = mkdtempSync(join(tmpdir(), 'oc-corpus-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the built CLI with a clean environment (no OPEN_COWORK_* from the machine running the tests). */
function validate(file: string): { code: number | null; report: ValidateJson; stderr: string } {
  if (!existsSync(BUILT)) throw new Error('apps/cli is not built: run `npm run build` first (npm test does).');
  const run = spawnSync(process.execPath, [BIN, 'config', 'validate', '--file', file, '--json'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });
  if (run.error !== undefined) throw run.error;
  return { code: run.status, report: JSON.parse(run.stdout) as ValidateJson, stderr: run.stderr };
}

describe('the contract-v1 corpus, through the built CLI', () => {
  it('has an expected answer for every config, and a config for every answer', () => {
    expect(corpusFiles()).toEqual(Object.keys(expected).sort());
  });

  it.each(corpusFiles())('%s', (name) => {
    const want = expected[name]!;
    const { code, report, stderr } = validate(join(CORPUS, name));
    expect(stderr).toBe('');
    const codes = report.issues.map((issue) => issue.code).sort();
    if (want.result === 'valid') {
      expect(report.issues, JSON.stringify(report.issues, null, 2)).toEqual([]);
      expect(code).toBe(0);
    } else if (want.result === 'warnings') {
      expect(report.issues.every((issue) => issue.severity === 'warning'), JSON.stringify(report.issues, null, 2)).toBe(true);
      expect(codes).toEqual([...(want.codes ?? [])].sort());
      expect(code).toBe(0);
    } else {
      expect(codes, JSON.stringify(report.issues, null, 2)).toEqual([...(want.codes ?? [])].sort());
      expect(report.issues.every((issue) => issue.file === join(CORPUS, name) && issue.line !== undefined)).toBe(true);
      expect(code).toBe(1);
    }
    expect(report.layers.map((layer) => `${layer.kind}:${layer.status}`)).toEqual([
      'default:applied',
      `config-path:${want.result === 'errors' ? 'rejected' : 'applied'}`,
    ]);
  });

  it('answers 100,000 levels of nesting with a parse error at its position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oc-corpus-deep-'));
    try {
      const file = join(dir, 'deep.json');
      writeFileSync(file, `{"providers": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
      const { code, report } = validate(file);
      expect(code).toBe(1);
      expect(report.issues).toEqual([expect.objectContaining({ code: 'CONFIG_PARSE_ERROR', file, line: 1, column: 15 + 127 })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
